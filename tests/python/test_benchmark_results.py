"""The benchmark's dbt run_results parser, stage attribution, comparisons and measuring."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from segwarehouse.benchmark import dbt_results
from segwarehouse.benchmark.data import ensure_dataset, order_lines_of, scale_label
from segwarehouse.benchmark.measure import run_measured
from segwarehouse.benchmark.runner import (
    BenchmarkConfig,
    code_version,
    compare_checks,
    compute_comparisons,
    evaluate_targets,
    reproduce_command,
)


def _model(name, parents=(), materialized="table", language="sql"):
    return {
        "name": name,
        "resource_type": "model",
        "language": language,
        "config": {"materialized": materialized},
        "parents": [f"model.segments.{parent}" for parent in parents],
    }


@pytest.fixture
def manifest():
    """A small DAG: staging -> rfm; staging -> pairs; rfm -> features -> segments."""
    models = {
        "stg": _model("stg", materialized="view"),
        "customer_rfm": _model("customer_rfm", ["stg"]),
        "int_pairs": _model("int_pairs", ["stg"]),
        "product_pairs": _model("product_pairs", ["int_pairs"]),
        "customer_features": _model("customer_features", ["customer_rfm"]),
        "segment_model": _model("segment_model", ["customer_features"], language="python"),
        "customer_segments": _model("customer_segments", ["segment_model", "customer_features"]),
        "product_recommendations": _model("product_recommendations", ["product_pairs"]),
    }
    nodes = {f"model.segments.{name}": node for name, node in models.items()}
    nodes["test.segments.unique_customer_rfm_customer_id.abc"] = {
        "name": "unique_customer_rfm_customer_id",
        "resource_type": "test",
        "config": {},
    }
    parent_map = {unique_id: node.pop("parents", []) for unique_id, node in nodes.items()}
    parent_map["test.segments.unique_customer_rfm_customer_id.abc"] = [
        "model.segments.customer_rfm"
    ]
    return {"nodes": nodes, "parent_map": parent_map}


@pytest.fixture
def run_results():
    seconds = {
        "model.segments.stg": 0.01,
        "model.segments.customer_rfm": 2.0,
        "model.segments.int_pairs": 3.0,
        "model.segments.product_pairs": 0.5,
        "model.segments.customer_features": 1.25,
        "model.segments.segment_model": 4.0,
        "model.segments.customer_segments": 0.75,
        "model.segments.product_recommendations": 1.0,
        "test.segments.unique_customer_rfm_customer_id.abc": 0.2,
        "unit_test.segments.customer_rfm.scores": 0.3,
    }
    results = [
        {"unique_id": unique_id, "status": "success", "execution_time": value, "timing": []}
        for unique_id, value in seconds.items()
    ]
    results[-2]["status"] = "fail"
    results.append(
        {"unique_id": "exposure.segments.dashboard", "status": "no-op", "execution_time": 0.0}
    )
    return {"results": results, "elapsed_time": 14.5}


def test_parser_reads_every_node_with_type_status_and_time(run_results, manifest):
    timings = dbt_results.parse_run_results(run_results, manifest)
    by_id = {timing.unique_id: timing for timing in timings}
    assert len(timings) == len(run_results["results"])
    assert by_id["exposure.segments.dashboard"].resource_type == "exposure"
    rfm = by_id["model.segments.customer_rfm"]
    assert (rfm.name, rfm.resource_type, rfm.materialized, rfm.execution_time) == (
        "customer_rfm",
        "model",
        "table",
        2.0,
    )
    assert by_id["model.segments.segment_model"].language == "python"
    assert by_id["model.segments.stg"].materialized == "view"
    # A node missing from the manifest still gets its type and name from the id.
    unit = by_id["unit_test.segments.customer_rfm.scores"]
    assert (unit.resource_type, unit.name, unit.materialized) == ("unit_test", "scores", None)


def test_parser_without_manifest_and_with_missing_times():
    document = {"results": [{"unique_id": "model.p.a", "status": "error", "execution_time": None}]}
    (timing,) = dbt_results.parse_run_results(document)
    assert (timing.name, timing.resource_type, timing.execution_time) == ("a", "model", 0.0)


def test_stages_sum_the_upstream_closure_and_split_exclusive_time(run_results, manifest):
    timings = dbt_results.parse_run_results(run_results, manifest)
    stages = dbt_results.stage_times(timings, manifest)
    assert stages["rfm"]["closure_seconds"] == pytest.approx(2.01)
    assert stages["pairs"]["closure_seconds"] == pytest.approx(3.51)
    # The shared staging view is counted once, in the first stage holding it.
    assert stages["pairs"]["exclusive_seconds"] == pytest.approx(3.5)
    assert stages["features"]["closure_seconds"] == pytest.approx(3.26)
    assert stages["features"]["exclusive_models"] == ["customer_features"]
    # segment_profiles is absent: the stage is the closure of what exists.
    assert stages["segments"]["exclusive_seconds"] == pytest.approx(4.75)
    assert stages["other"]["models"] == ["product_recommendations"]
    assert stages["tests"]["closure_seconds"] == pytest.approx(0.5)
    exclusive = sum(stage["exclusive_seconds"] for name, stage in stages.items() if name != "tests")
    assert exclusive == pytest.approx(12.51)


def test_stage_of_missing_models_is_not_present(manifest):
    stages = dbt_results.stage_times([], {"nodes": {}, "parent_map": {}})
    assert not stages["rfm"]["present"]
    assert stages["rfm"]["closure_seconds"] == 0


def test_summary_counts_types_and_lists_failures(run_results, manifest):
    summary = dbt_results.summarise_timings(dbt_results.parse_run_results(run_results, manifest))
    assert summary["by_resource_type"]["model"]["count"] == 8
    assert summary["by_resource_type"]["unit_test"] == {"count": 1, "seconds": 0.3}
    assert summary["not_ok"] == [
        {"unique_id": "test.segments.unique_customer_rfm_customer_id.abc", "status": "fail"}
    ]


def test_load_target_reads_both_files(tmp_path, run_results, manifest):
    (tmp_path / "run_results.json").write_text(json.dumps(run_results))
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    loaded_results, loaded_manifest = dbt_results.load_target(tmp_path)
    assert loaded_results["elapsed_time"] == 14.5
    assert "model.segments.stg" in loaded_manifest["nodes"]


@pytest.mark.parametrize(
    ("reference", "warehouse", "agrees", "mismatched"),
    [
        pytest.param({"n": 3, "s": 1.0000000001}, {"n": 3, "s": 1.0}, True, [], id="float-tol"),
        pytest.param({"n": 4, "s": 1.0}, {"n": 3, "s": 1.0}, False, ["n"], id="int-exact"),
        pytest.param({"n": 3, "s": 1.01}, {"n": 3, "s": 1.0}, False, ["s"], id="float-off"),
        pytest.param({"n": 3}, {"n": 3, "s": 1.0}, False, ["s"], id="missing"),
        pytest.param({"n": 3}, {}, False, [], id="nothing-to-compare"),
    ],
)
def test_compare_checks(reference, warehouse, agrees, mismatched):
    outcome = compare_checks(reference, warehouse)
    assert outcome["agrees"] is agrees
    assert sorted(outcome["mismatches"]) == mismatched


def test_comparisons_and_targets_use_ours_over_reference():
    stages = {
        "rfm": {"present": True, "closure_seconds": 3.0, "exclusive_seconds": 3.0},
        "pairs": {"present": True, "closure_seconds": 4.0, "exclusive_seconds": 2.0},
        "features": {"present": True, "closure_seconds": 6.0, "exclusive_seconds": 3.0},
        "segments": {"present": True, "closure_seconds": 9.0, "exclusive_seconds": 3.0},
    }
    references = {
        name: {"ok": True, "seconds": seconds}
        for name, seconds in {
            "floor": 0.5,
            "rfm_sql": 2.5,
            "pairs_sql": 2.0,
            "pairs_sql_naive": 4.0,
            "rfm_pandas": 12.0,
            "pairs_pandas": 8.0,
            "kmeans_sklearn": 6.0,
        }.items()
    }
    rows = compute_comparisons(stages, references, {"wall_seconds": 20.0, "ok": True})
    by_key = {(row["stage"], row["reference"]): row for row in rows}
    assert by_key[("rfm", "rfm_sql")]["ratio"] == pytest.approx(1.2)
    assert by_key[("pairs", "pairs_sql_naive")]["ratio"] == pytest.approx(1.0)
    assert by_key[("total", "floor")]["ratio"] == pytest.approx(40.0)
    assert by_key[("segments", "kmeans_sklearn")]["ours_seconds"] == 3.0
    total = by_key[("rfm+pairs+segments", "pandas total")]
    assert (total["ours_seconds"], total["reference_seconds"]) == (8.0, 26.0)
    targets = {
        t["target"]: t for t in evaluate_targets(rows, {"wall_seconds": 59.0, "ok": True}, 10**7)
    }
    assert targets["rfm: ours / rfm_sql <= 1.5"]["met"] is True
    assert targets["pairs: ours / pairs_sql <= 1.5"]["met"] is False
    assert targets["rfm: rfm_pandas / ours >= 3 (at 10M)"]["value"] == pytest.approx(4.0)
    assert targets["pairs: pairs_pandas / ours >= 3 (at 10M)"]["met"] is False
    assert targets["10M end to end < 60 s"]["met"] is True
    at_1m = {t["target"]: t for t in evaluate_targets(rows, {"ok": True}, 10**6)}
    pandas_rfm = at_1m["rfm: rfm_pandas / ours >= 3 (at 10M)"]
    assert (pandas_rfm["value"], pandas_rfm["applies"], pandas_rfm["met"]) == (4.0, False, None)
    assert at_1m["rfm: ours / rfm_sql <= 1.5"]["met"] is True
    assert "10M end to end < 60 s" not in at_1m
    at_50m = evaluate_targets(rows, {"ok": True, "returncode": 0}, 5 * 10**7, "16GB")
    assert at_50m[-1]["met"] is True and at_50m[-1]["value"] == "exit 0, memory_limit 16GB"


def test_a_failed_reference_gives_no_ratio():
    stages = {"rfm": {"present": True, "closure_seconds": 3.0, "exclusive_seconds": 3.0}}
    rows = compute_comparisons(stages, {"rfm_sql": {"ok": False, "seconds": None}}, {})
    row = next(r for r in rows if r["reference"] == "rfm_sql")
    assert row["ratio"] is None


@pytest.mark.parametrize(
    ("scale", "lines", "label"),
    [
        pytest.param("1M", 1_000_000, "1M", id="1M"),
        pytest.param("50M", 50_000_000, "50M", id="50M"),
        pytest.param("20k", 20_000, "20k", id="20k"),
        pytest.param("2.5M", 2_500_000, "2.5M", id="fraction"),
    ],
)
def test_scale_labels_round_trip(scale, lines, label):
    assert order_lines_of(scale) == lines
    assert scale_label(lines) == label


def test_bad_scale_is_rejected():
    with pytest.raises(ValueError, match="scale must look like"):
        order_lines_of("lots")


def test_measured_peak_memory_sees_a_child_allocation(tmp_path):
    # A grandchild holds ~200 MiB: both memory figures must see it.
    script = (
        "import time; block = bytearray(200 * 1024 * 1024); time.sleep(0.6)\n"
        "end = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    )
    inner = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {script!r}])"
    measurement = run_measured([sys.executable, "-c", inner], stdout_path=tmp_path / "out.log")
    assert measurement.returncode == 0
    assert measurement.peak_tree_rss_bytes > 200 * 1024**2
    assert measurement.max_child_rss_bytes > 200 * 1024**2
    assert 0.6 <= measurement.wall_seconds < 30
    assert measurement.samples >= 3
    assert measurement.cpu_seconds >= 0.3


def test_measured_exit_code_and_timeout(tmp_path):
    failed = run_measured([sys.executable, "-c", "raise SystemExit(3)"])
    assert failed.returncode == 3
    slow = run_measured([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert slow.returncode == 124
    assert slow.wall_seconds < 10


def test_data_dir_with_foreign_files_is_never_overwritten(tmp_path):
    (tmp_path / "order_lines.csv").write_text("somebody's data\n")
    with pytest.raises(FileExistsError, match="holds no benchmark marker"):
        ensure_dataset(tmp_path, 1000, 1, tmp_path / "generate.log")
    assert (tmp_path / "order_lines.csv").read_text() == "somebody's data\n"


def test_reproduce_command_names_a_subset_of_references():
    every = BenchmarkConfig(order_lines=50_000_000, scale="50M", memory_limit="16GB")
    assert reproduce_command(every) == (
        "python -m segwarehouse.benchmark --scale 50M --memory-limit 16GB"
    )
    subset = BenchmarkConfig(
        order_lines=50_000_000,
        scale="50M",
        memory_limit="16GB",
        references=("floor", "rfm_sql"),
    )
    assert reproduce_command(subset).endswith("--memory-limit 16GB --references floor,rfm_sql")


def _git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def test_code_version_names_the_commit_and_uncommitted_changes_to_the_code(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "m.sql").write_text("select 1\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "one")
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    assert code_version(tmp_path) == {"commit": head, "uncommitted_changes": False}
    (tmp_path / "notes.txt").write_text("not code\n")  # outside the code paths
    assert code_version(tmp_path)["uncommitted_changes"] is False
    (tmp_path / "models" / "new.sql").write_text("select 2\n")
    assert code_version(tmp_path)["uncommitted_changes"] is True


def test_code_version_is_none_outside_a_git_checkout(tmp_path):
    assert code_version(tmp_path) is None
