"""Markdown of benchmark results: number formats, tables, and the BENCHMARKS.md block."""

from __future__ import annotations

import json

import pytest

from segwarehouse.benchmark import report


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(None, "-", id="missing"),
        pytest.param(0.0254, "0.03", id="small"),
        pytest.param(12.345, "12.3", id="tens"),
        pytest.param(345.6, "346", id="hundreds"),
    ],
)
def test_fmt_seconds(value, text):
    assert report.fmt_seconds(value) == text


@pytest.mark.parametrize(
    ("function", "value", "text"),
    [
        pytest.param(report.fmt_ratio, 1.234, "1.23x", id="ratio"),
        pytest.param(report.fmt_ratio, None, "-", id="ratio-missing"),
        pytest.param(report.fmt_bytes, 3 * 1024**3, "3.00 GiB", id="gib"),
        pytest.param(report.fmt_bytes, 300 * 1024**2, "300 MiB", id="mib"),
        pytest.param(report.fmt_count, 1234567, "1,234,567", id="count"),
        pytest.param(report.fmt_count, None, "-", id="count-missing"),
    ],
)
def test_formats(function, value, text):
    assert function(value) == text


def _result(scale="1M", order_lines=1_000_000, build_seconds=80.0):
    return {
        "scale": scale,
        "order_lines": order_lines,
        "run_at": "2025-01-01T00:00:00+00:00",
        "code": {
            "commit": "0123456789abcdef0123456789abcdef01234567",
            "uncommitted_changes": False,
        },
        "command": f"python -m segwarehouse.benchmark --scale {scale}",
        "machine": {"cpus": 2, "memory_gib": 23.5, "duckdb": "2.0.0", "dbt_core": "1.11.16"},
        "settings": {"memory_limit": "8GB", "duckdb_threads": 2, "dbt_threads": 1},
        "data": {
            "reused": False,
            "generate_seconds": 16.0,
            "raw_rows": {"order_lines": order_lines, "events": 2 * order_lines, "customers": 9},
        },
        "build": {
            "ok": True,
            "returncode": 0,
            "wall_seconds": build_seconds,
            "dbt_elapsed_seconds": build_seconds - 10,
            "cpu_seconds": 120.0,
            "peak_tree_rss_bytes": 2 * 1024**3,
            "max_child_rss_bytes": 1024**3,
            "load_average_before": 3.5,
            "load_average_after": 0.2,
            "not_ok": [],
        },
        "row_counts": {"customer_rfm": 86_000, "product_pairs": None},
        "models": [
            {"name": "segment_model", "language": "python", "materialized": "table", "seconds": 6},
            {"name": "customer_rfm", "language": "sql", "materialized": "table", "seconds": 2},
        ],
        "dominant_models": [
            {"name": "segment_model", "seconds": 6, "share": 0.75},
            {"name": "customer_rfm", "seconds": 2, "share": 0.25},
        ],
        "stages": {
            "rfm": {
                "present": True,
                "closure_seconds": 3.0,
                "exclusive_seconds": 3.0,
                "exclusive_models": ["customer_rfm", "stg"],
            },
            "pairs": {"present": False, "closure_seconds": 0, "exclusive_seconds": 0},
            "tests": {"present": True, "closure_seconds": 5.0, "exclusive_seconds": 5.0},
        },
        "references": {
            "rfm_sql": {"ok": True, "seconds": 2.0, "verification": {"agrees": True}},
            "rfm_pandas": {
                "ok": True,
                "seconds": 9.0,
                "verification": {"agrees": False, "mismatches": {"score_sum": [1, 2]}},
            },
            "floor": {"ok": True, "seconds": 0.25},
            "pairs_sql": {"ok": False, "error": "boom"},
        },
        "comparisons": [
            {
                "stage": "rfm",
                "ours_seconds": 3.0,
                "reference": "rfm_sql",
                "reference_seconds": 2.0,
                "ratio": 1.5,
            },
            {
                "stage": "rfm",
                "ours_seconds": 3.0,
                "reference": "rfm_pandas",
                "reference_seconds": 9.0,
                "ratio": 0.333,
            },
            {
                "stage": "pairs",
                "ours_seconds": None,
                "reference": "pairs_sql",
                "reference_seconds": None,
                "ratio": None,
            },
        ],
        "targets": [
            {"target": "rfm: ours / rfm_sql <= 1.5", "value": 1.5, "met": True},
            {"target": "pairs: ours / pairs_sql <= 1.5", "value": None, "met": None},
            {"target": "rfm: pandas >= 3 (at 10M)", "value": 0.5, "applies": False, "met": None},
        ],
    }


def test_comparison_table_has_one_row_per_comparison_with_agreement():
    lines = report.comparison_table(_result()).splitlines()
    assert lines[0].startswith("| our stage | ours (s) | reference |")
    assert len(lines) == 2 + 3
    assert lines[2] == "| rfm | 3.00 | hand-written DuckDB RFM | 2.00 | 1.50x | yes |"
    assert lines[3].endswith("| 0.33x | NO: score_sum |")
    assert lines[4].endswith("pruning | - | - | failed |")


def test_scale_section_states_build_memory_counts_and_targets():
    section = report.scale_section(_result())
    assert section.startswith("### 1M order lines")
    assert "**`dbt build`: 80.0 s wall** (dbt's own timer 70.0 s, CPU 120 s), ok." in section
    assert "2.00 GiB summed over the process tree" in section
    assert "1.00 GiB largest single process (ru_maxrss)" in section
    assert "Load average (1 min) 3.5 before and 0.2 after the build — the machine" in section
    assert "customer_rfm 86,000, product_pairs -" in section
    assert "- rfm: ours / rfm_sql <= 1.5: 1.5 — met" in section
    assert "- pairs: ours / pairs_sql <= 1.5: - — not measured" in section
    assert "- rfm: pandas >= 3 (at 10M): 0.5 — applies at 10M, shown for reference" in section
    assert "| segment_model | python table | 6.00 | 75% |" in section
    assert "Reproduce: `python -m segwarehouse.benchmark --scale 1M`" in section
    assert section.splitlines()[2].startswith(
        "Run 2025-01-01T00:00:00+00:00 of commit 0123456 on 2"
    )
    # Stages that are absent are left out.
    assert "| pairs |" not in report.stages_table(_result())


@pytest.mark.parametrize(
    ("code", "text"),
    [
        pytest.param(None, "", id="not-recorded"),
        pytest.param(
            {"commit": "abcdef0123", "uncommitted_changes": False}, " of commit abcdef0", id="clean"
        ),
        pytest.param(
            {"commit": "abcdef0123", "uncommitted_changes": True},
            " of commit abcdef0 with uncommitted changes",
            id="changed",
        ),
    ],
)
def test_code_text(code, text):
    assert report.code_text(code) == text


def test_summary_table_has_a_row_per_scale_in_given_order():
    table = report.summary_table([_result(), _result("10M", 10_000_000, 55.0)])
    rows = table.splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == ["| 1M", "| 10M"]
    assert "| 3.00 / 2.00 / 9.00 |" in rows[0]
    assert "| 55.0 |" in rows[1]
    assert rows[0].endswith("| 0.25 | 6.00 |")


def test_markdown_block_is_replaced_and_hand_text_kept(tmp_path):
    results_dir = tmp_path / "results"
    results_dir.mkdir()
    (results_dir / "10M.json").write_text(json.dumps(_result("10M", 10_000_000, 55.0)))
    (results_dir / "1M.json").write_text(json.dumps(_result()))
    (results_dir / "notes.json").write_text(json.dumps({"unrelated": True}))
    markdown = tmp_path / "BENCHMARKS.md"
    markdown.write_text("# Benchmarks\n\nHand-written method.\n")
    report.update_markdown(markdown, results_dir)
    first = markdown.read_text()
    assert first.startswith("# Benchmarks\n\nHand-written method.\n")
    assert first.count(report.BEGIN) == 1 and first.count(report.END) == 1
    assert first.index("### 1M order lines") < first.index("### 10M order lines")
    markdown.write_text(first + "\n## Analysis\n\nKept.\n")
    (results_dir / "1M.json").write_text(json.dumps(_result(build_seconds=99.0)))
    report.update_markdown(markdown, results_dir)
    second = markdown.read_text()
    assert second.count(report.BEGIN) == 1
    assert "**`dbt build`: 99.0 s wall**" in second
    assert "**`dbt build`: 80.0 s wall**" not in second
    assert second.endswith("## Analysis\n\nKept.\n")
    assert second.startswith("# Benchmarks\n\nHand-written method.\n")


def test_markdown_is_created_when_absent(tmp_path):
    (tmp_path / "1M.json").write_text(json.dumps(_result()))
    markdown = tmp_path / "new.md"
    report.update_markdown(markdown, tmp_path)
    assert markdown.read_text().startswith("# Benchmarks\n\n" + report.BEGIN)
