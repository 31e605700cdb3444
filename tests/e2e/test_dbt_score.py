"""Project metadata: dbt-score's verdict on the parsed manifest, groups and access.

dbt-score (config in ``pyproject.toml``) scores every model, source, seed,
exposure and macro from 0 to 10 on its rules (description, owner, tests, SQL
length, ...). The project must score at least 9 and no model below 7.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

MIN_PROJECT_SCORE = 9.0
MIN_MODEL_SCORE = 7.0


@pytest.fixture(scope="module")
def manifest_path(parsed_project) -> Path:
    return parsed_project.parent / "manifest.json"


@pytest.fixture(scope="module")
def dbt_score(manifest_path) -> dict:
    """dbt-score's JSON report, run from the project root so it reads pyproject.toml."""
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt-score")),
            "lint",
            "--manifest",
            str(manifest_path),
            "--format",
            "json",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stdout.strip(), completed.stderr[-4000:]
    return json.loads(completed.stdout)


def _failed_rules(evaluable: dict) -> list[str]:
    return [
        rule.rsplit(".", 1)[-1]
        for rule, outcome in evaluable["results"].items()
        if outcome["result"] != "OK"
    ]


def test_project_scores_at_least_nine(dbt_score):
    assert dbt_score["project"]["score"] >= MIN_PROJECT_SCORE, dbt_score["project"]


def test_no_model_scores_below_seven(dbt_score):
    models = {
        name: evaluable
        for name, evaluable in dbt_score["evaluables"].items()
        if name.startswith("model.")
    }
    assert models, "dbt-score evaluated no model"
    low = {
        name: (round(evaluable["score"], 1), _failed_rules(evaluable))
        for name, evaluable in models.items()
        if evaluable["score"] < MIN_MODEL_SCORE
    }
    assert not low, f"models below {MIN_MODEL_SCORE}: {low}"


def test_every_model_has_a_group_owner_and_layer_access(manifest_path):
    manifest = json.loads(manifest_path.read_text())
    groups = {group["name"]: group for group in manifest["groups"].values()}
    problems = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["package_name"] != "segments":
            continue
        layer = node["original_file_path"].split("/")[1]
        group = groups.get(node.get("group") or "")
        if group is None:
            problems.append(f"{node['name']}: no group")
        elif node["meta"].get("owner") != group["owner"].get("name"):
            problems.append(f"{node['name']}: meta.owner is not its group's owner")
        published = (
            layer == "marts"
            and node["config"]["materialized"] != "ephemeral"
            and not node["config"].get("schema")
        )
        if (node["access"] == "public") != published:
            problems.append(f"{node['name']}: access {node['access']} in {layer}")
    assert not problems, problems
