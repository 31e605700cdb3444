"""selectors.yml `nightly`: the nightly refresh builds everything but the unit tests.

The selection is read from ``dbt ls`` (no build): every seed, model and data
test of the project, no unit test. That the nightly refresh publishes what a
full build publishes is checked where the refreshes run
(tests/e2e/test_batch_folders.py and the benchmark's incremental scenario).
"""

from __future__ import annotations

import json
import shutil

import pytest

from segwarehouse.dbt_runner import run_dbt


@pytest.fixture(scope="module")
def listed(tmp_path_factory, parsed_project):
    """``dbt ls`` of the whole project and of the nightly selector: the node ids
    per resource type."""
    work_dir = tmp_path_factory.mktemp("nightly_ls")
    (work_dir / "target").mkdir()
    shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)

    def nodes(*selection: str) -> dict[str, set[str]]:
        result = run_dbt(
            ["ls", *selection, "--output", "json", "--output-keys", "unique_id resource_type"],
            db_path=work_dir / "warehouse.duckdb",
            work_dir=work_dir,
        )
        assert result.ok, result.output[-4000:]
        by_type: dict[str, set[str]] = {}
        for line in result.output.splitlines():
            if line.startswith("{"):
                node = json.loads(line)
                by_type.setdefault(node["resource_type"], set()).add(node["unique_id"])
        return by_type

    return nodes(), nodes("--selector", "nightly")


def test_nightly_leaves_out_the_unit_tests_only(listed):
    everything, nightly = listed
    assert everything["unit_test"], "the project has unit tests to leave out"
    assert "unit_test" not in nightly
    for resource_type in ("model", "seed", "test"):
        assert nightly[resource_type] == everything[resource_type], resource_type
