"""The incremental scenario of the benchmark without dbt: the batches of
trailing days, the day folders, the targets and the report section."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from segwarehouse.benchmark import incremental, report
from segwarehouse.benchmark.runner import (
    INCREMENTAL_KIND,
    evaluate_incremental_targets,
    result_file_name,
)


def _days(first: str, count: int) -> list[str]:
    start = dt.date.fromisoformat(first)
    return [(start + dt.timedelta(days=offset)).isoformat() for offset in range(count)]


def _rows(order_lines: dict[str, int], events: dict[str, int] | None = None) -> dict:
    return {"order_lines": order_lines, "events": events or {}}


def _all_parts(plan: dict) -> list[dict]:
    return [plan["initial"], *plan["batches"]]


# -- batches of trailing days --------------------------------------------------


def test_each_batch_is_the_trailing_days_closest_to_the_share():
    # 100 days of 100 order lines: 1% of 10,000 lines is exactly one day.
    days = _days("2024-01-01", 100)
    batches = incremental.trailing_batches(dict.fromkeys(days, 100), days, 3, 0.01)
    assert batches == [[days[-3]], [days[-2]], [days[-1]]]
    # 400 days of 25 lines: 1% (100 lines) takes four whole days.
    days = _days("2024-01-01", 400)
    batches = incremental.trailing_batches(dict.fromkeys(days, 25), days, 2, 0.01)
    assert batches == [days[-8:-4], days[-4:]]


def test_a_batch_stops_where_it_is_nearest_the_target():
    days = _days("2024-01-01", 10)
    counts = dict.fromkeys(days, 1)
    counts.update({days[-1]: 30, days[-2]: 50, days[-3]: 40})
    share = 70 / sum(counts.values())  # a target of 70 order lines
    batches = incremental.trailing_batches(counts, days, 1, share)
    # 30 (40 short), 30 + 50 = 80 (10 over): the second day brings it nearer;
    # 80 + 40 = 120 is further: the batch is the last two days.
    assert batches == [days[-2:]]


def test_a_day_larger_than_the_share_is_a_batch_of_its_own_never_split():
    days = _days("2024-01-01", 20)
    counts = dict.fromkeys(days, 10)
    counts[days[-1]] = 500
    batches = incremental.trailing_batches(counts, days, 2, 0.01)
    assert batches[-1] == [days[-1]]
    assert all(len(batch) >= 1 for batch in batches)


def test_days_without_order_lines_join_the_batch():
    # The last day holds only events: it cannot form a batch of its own.
    days = _days("2024-01-01", 30)
    counts = dict.fromkeys(days[:-1], 10)
    batches = incremental.trailing_batches(counts, days, 1, 0.02)
    assert days[-1] in batches[0] and sum(counts.get(day, 0) for day in batches[0]) > 0


def test_without_a_share_each_batch_is_one_day():
    days = _days("2024-01-01", 5)
    batches = incremental.trailing_batches(dict.fromkeys(days, 1000), days, 3, None)
    assert batches == [[days[2]], [days[3]], [days[4]]]


def test_too_few_days_for_the_batches_and_an_initial_build_is_refused():
    days = _days("2024-01-01", 3)
    with pytest.raises(ValueError, match="initial build"):
        incremental.trailing_batches(dict.fromkeys(days, 1), days, 3, None)
    with pytest.raises(ValueError, match="initial build"):
        incremental.trailing_batches(dict.fromkeys(days, 1), days, 1, 0.9)


def test_history_ends_before_a_far_future_gap_and_leaves_out_undated_rows():
    days = _days("2024-01-01", 60)
    rows = _rows({**dict.fromkeys(days, 10), "2031-05-04": 3, incremental.UNDATED: 4})
    assert incremental.history_days(rows) == days
    # A gap of at most the tolerance is part of the history.
    rows["events"] = {"2024-03-25": 5}
    assert incremental.history_days(rows)[-1] == "2024-03-25"


def test_plan_puts_every_row_in_exactly_one_part():
    days = _days("2024-01-01", 200)
    order_lines = {day: 50 + index % 7 for index, day in enumerate(days)}
    order_lines.update({"2031-05-04": 3, incremental.UNDATED: 4})
    events = {day: 120 for day in days[1:]}
    events.update({"2031-05-04": 1, incremental.UNDATED: 2})
    rows = _rows(order_lines, events)
    plan = incremental.plan_batches(rows, 3)
    parts = _all_parts(plan)
    seen = [day for part in parts for day in part["days"]]
    # Each day (so each row of either table) is in one part only.
    assert sorted(seen) == sorted(set(order_lines) | set(events))
    for table, table_rows in rows.items():
        assert sum(part["rows"][table] for part in parts) == sum(table_rows.values())
    # Undated and future-dated rows stay in the initial build.
    assert {incremental.UNDATED, "2031-05-04"} <= set(plan["initial"]["days"])
    # The batches are the trailing days, in order, each about 1% of the order lines.
    batch_days = [day for batch in plan["batches"] for day in batch["days"]]
    assert batch_days == days[-len(batch_days) :]
    total = sum(order_lines.values())
    for batch in plan["batches"]:
        assert batch["load_date"] == batch["days"][-1]
        assert batch["share"]["order_lines"] == pytest.approx(
            batch["rows"]["order_lines"] / total, abs=1e-6
        )
        assert abs(batch["rows"]["order_lines"] - 0.01 * total) <= max(order_lines.values())
    assert plan["initial"]["load_date"] == days[-len(batch_days) - 1]


def test_split_by_day_writes_day_folders_and_counts_rows(tmp_path):
    source, batches = tmp_path / "raw", tmp_path / "batches"
    source.mkdir()
    batches.mkdir()
    (source / "order_lines.csv").write_text(
        "order_id,ordered_at\n1,2024-01-01 10:00:00\n2,2024-01-01 23:59:59\n"
        "3,2024-01-02 00:00:00\n4,not a date\n5,\n"
    )
    (source / "events.csv").write_text("event_id,occurred_at\n1,2024-01-02 08:00:00\n")
    (source / "customers.csv").write_text("customer_id\n1\n")
    (source / ".marker.json").write_text("{}")
    rows = incremental.split_by_day(source, batches)
    assert rows == {
        "order_lines": {"2024-01-01": 2, "2024-01-02": 1, incremental.UNDATED: 2},
        "events": {"2024-01-02": 1},
    }
    assert (batches / "customers.csv").exists() and not (batches / ".marker.json").exists()
    folders = sorted(path.name for path in (batches / "order_lines").iterdir())
    assert folders == ["day=2024-01-01", "day=2024-01-02", f"day={incremental.UNDATED}"]
    with duckdb.connect() as connection:
        ids = connection.execute(
            f"select order_id from read_parquet('{batches}/order_lines/day=2024-01-01/*.parquet')"
        ).fetchall()
    # CSV values are kept as text, as read.
    assert sorted(ids) == [("1",), ("2",)]


def test_fit_dependent_tables_follow_the_manifest_downstream():
    manifest = {
        "nodes": {
            "model.p.segment_model": {"resource_type": "model", "name": "segment_model"},
            "model.p.customer_segments": {"resource_type": "model", "name": "customer_segments"},
            "model.p.customer_rfm": {"resource_type": "model", "name": "customer_rfm"},
        },
        "child_map": {
            "model.p.customer_rfm": ["model.p.segment_model"],
            "model.p.segment_model": ["model.p.customer_segments", "test.p.not_null"],
            "model.p.customer_segments": [],
        },
    }
    assert incremental.fit_dependent_tables(manifest) == {"segment_model", "customer_segments"}


# -- targets and report ------------------------------------------------------------


def _build(wall, peak, *, ok=True, fits=("fitted", "fitted"), share=0.01, load_date="2024-12-31"):
    return {
        "ok": ok,
        "returncode": 0 if ok else 1,
        "wall_seconds": wall,
        "cpu_seconds": wall * 1.5,
        "dbt_elapsed_seconds": wall - 5,
        "test_seconds": wall / 4,
        "peak_tree_rss_bytes": peak,
        "load_average_before": 0.2,
        "load_average_after": 0.9,
        "dominant_models": [
            {"name": "customer_propensity", "seconds": wall / 3, "share": 0.3},
            {"name": "product_pairs", "seconds": wall / 5, "share": 0.2},
        ],
        "fits": dict(zip(("segment_model", "propensity_model"), fits, strict=True)),
        "batch": {
            "first_day": "2024-12-21",
            "load_date": load_date,
            "rows": {"order_lines": 100, "events": 300},
            "share": {"order_lines": share, "events": share * 1.2},
        },
    }


def _incremental_result(refresh_walls=(12.0, 30.0), refresh_peak=500, differences=None):
    full = _build(100.0, 1000, share=1.0)
    refreshes = [_build(wall, refresh_peak, fits=("scored", "scored")) for wall in refresh_walls]
    initial = _build(95.0, 990, share=0.98, load_date="2024-12-10")
    for record in [initial, *refreshes, full]:
        record["wall_ratio"] = round(record["wall_seconds"] / full["wall_seconds"], 3)
        record["memory_ratio"] = round(record["peak_tree_rss_bytes"] / 1000, 3)
    scenario = {
        "batch_share": 0.01,
        "initial": initial,
        "refreshes": refreshes,
        "full_rebuild": full,
        "compared_tables": ["customer_rfm", "customer_segments", "product_pairs"],
        "differences": differences or {},
        "fit_dependent_differences": sorted(differences or {}),
    }
    return {
        "kind": INCREMENTAL_KIND,
        "scale": "1M",
        "order_lines": 1_000_000,
        "run_at": "2025-01-01T00:00:00+00:00",
        "code": None,
        "command": "python -m segwarehouse.benchmark --scale 1M --refreshes 2",
        "machine": {"cpus": 2, "memory_gib": 23.5},
        "settings": {"memory_limit": "8GB", "duckdb_threads": 2, "dbt_threads": 1},
        "data": {"raw_rows": {"order_lines": 1_019_001, "events": 2_718_391}},
        **scenario,
        "targets": evaluate_incremental_targets(scenario),
    }


def _met(result: dict) -> list:
    return [target["met"] for target in result["targets"]]


def test_targets_follow_the_slowest_and_largest_refresh():
    assert _met(_incremental_result(refresh_walls=(12.0, 19.0))) == [True, True, True]
    slow = _incremental_result(refresh_walls=(12.0, 30.0))
    assert _met(slow) == [False, True, True]
    assert slow["targets"][0]["value"] == 0.3
    assert _met(_incremental_result(refresh_walls=(10.0,), refresh_peak=1000)) == [
        True,
        False,
        True,
    ]
    differing = _incremental_result(
        refresh_walls=(10.0,), differences={"customer_segments": "3 rows only in a"}
    )
    assert _met(differing) == [True, True, False]
    assert differing["targets"][2]["value"] == "customer_segments differ"


def test_targets_are_not_measured_without_a_full_rebuild():
    scenario = {"initial": _build(1.0, 1), "refreshes": [], "compared_tables": []}
    assert [target["met"] for target in evaluate_incremental_targets(scenario)] == [None] * 3


def test_incremental_section_has_a_row_per_build_and_the_targets():
    section = report.incremental_section(_incremental_result())
    lines = section.splitlines()
    assert lines[0] == "### Incremental refresh, 1M order lines"
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0] for row in rows] == [
        "| initial build",
        "| refresh 1",
        "| refresh 2",
        "| full rebuild",
    ]
    assert "| 2024-12-21 to 2024-12-31 | 2024-12-31 | 1.00% | 1.20% | 12.0 | 18.0 |" in rows[1]
    assert "| 0.30x | 0.50x | segments scored, propensity scored |" in rows[2]
    assert "customer_propensity 10.0, product_pairs 6.00" in rows[2]
    assert "| 1.00x | 1.00x | segments fitted, propensity fitted |" in rows[3]
    assert "Load average (1 min) before each build: 0.2, 0.2, 0.2, 0.2." in section
    assert "the 3 tables compared are identical" in section
    assert "- refresh <= 20% of the full rebuild's wall time (slowest refresh): 0.3 — NOT met" in (
        section
    )
    assert "- refresh peak memory < the full rebuild's (largest refresh): 0.5 — met" in section


def test_incremental_section_names_the_differing_tables():
    section = report.incremental_section(
        _incremental_result(differences={"customer_segments": "3 rows only in a, 2 only in b"})
    )
    assert "1 of the 3 compared differ" in section
    assert "customer_segments (3 rows only in a, 2 only in b)" in section
    assert "All of them are downstream of a fitted model" in section
    assert "the other 2 tables are identical" in section
    result = _incremental_result(differences={"customer_rfm": "1 row", "customer_segments": "2"})
    result["fit_dependent_differences"] = ["customer_segments"]
    section = report.incremental_section(result)
    assert (
        "Downstream of a fitted model: customer_segments; not downstream of one: customer_rfm"
        in section
    )


def test_markdown_without_incremental_results_has_no_incremental_section(tmp_path):
    from test_benchmark_report import _result  # the full-build result of the report tests

    (tmp_path / "1M.json").write_text(json.dumps(_result()))
    markdown = tmp_path / "BENCHMARKS.md"
    report.update_markdown(markdown, tmp_path)
    assert "Incremental refresh" not in markdown.read_text()
    assert "### 1M order lines" in markdown.read_text()
    incremental_result = _incremental_result()
    (tmp_path / result_file_name(incremental_result)).write_text(json.dumps(incremental_result))
    assert result_file_name(incremental_result) == "1M-incremental.json"
    report.update_markdown(markdown, tmp_path)
    text = markdown.read_text()
    # The incremental result is its own section, not a second full-build scale.
    assert text.count("### 1M order lines") == 1
    assert text.index("### 1M order lines") < text.index("### Incremental refresh, 1M")
    assert text.index("### Incremental refresh, 1M") < text.index(report.END)
    assert [r["scale"] for r in report.load_results(tmp_path)] == ["1M"]


# -- the scenario end to end, with a stand-in for dbt ---------------------------


def _shop(raw, days: list[str]) -> None:
    """Order lines (three a day) and events (one a day) over ``days``, plus an
    undated order line and a customers file, as Parquet."""
    raw.mkdir()
    with duckdb.connect() as connection:
        order_lines = [
            f"('{day} 1{n}:00:00', {i * 3 + n})" for i, day in enumerate(days) for n in range(3)
        ]
        connection.execute(
            "copy (select * from (values "
            + ", ".join([*order_lines, "('garbage', -1)"])
            + f") t(ordered_at, order_line_id)) to '{raw / 'order_lines.parquet'}' (format parquet)"
        )
        events = ", ".join(f"('{day} 08:00:00', {i})" for i, day in enumerate(days))
        connection.execute(
            f"copy (select * from (values {events}) t(occurred_at, event_id)) "
            f"to '{raw / 'events.parquet'}' (format parquet)"
        )
        connection.execute(
            f"copy (select 1 as customer_id) to '{raw / 'customers.parquet'}' (format parquet)"
        )


def _stand_in_build(calls: list, fits: list | None = None):
    """A build that publishes the order lines and events it finds under the raw
    directory, as a full build would, and records what it saw (in ``fits``:
    its extra dbt arguments and whether a stored fit was there before it)."""
    fits = [] if fits is None else fits

    def build(name, db_path, raw_dir, load_date, dbt_args):
        with duckdb.connect(str(db_path)) as connection:
            seeded = connection.execute(
                "select count(*) from duckdb_tables() where table_name = 'segment_model'"
            ).fetchone()[0]
            fits.append((name, dbt_args, seeded))
            if name == "initial":
                connection.execute("create table segment_model as select 'initial' as fitted_by")
            for table in ("order_lines", "events"):
                connection.execute(
                    f"create or replace table {table} as select * from "
                    f"read_parquet('{raw_dir / table}/*/*.parquet')"
                )
            lines = connection.execute("select count(*) from order_lines").fetchone()[0]
        calls.append((name, db_path.name, load_date, lines))
        return {"ok": True, "wall_seconds": 1.0}

    return build


def test_scenario_builds_refreshes_and_rebuilds_on_the_same_folders(tmp_path):
    days = _days("2024-01-01", 100)
    _shop(tmp_path / "raw", days)
    calls: list = []
    fits: list = []
    scenario = incremental.run_scenario(
        tmp_path / "raw", tmp_path / "work", 2, _stand_in_build(calls, fits), log=lambda line: None
    )
    # Refreshes run the nightly selector; the rebuild starts from the stored fit only.
    assert fits == [
        ("initial", (), 0),
        ("refresh 1", ("--selector", "nightly"), 1),
        ("refresh 2", ("--selector", "nightly"), 1),
        ("full rebuild", (), 1),
    ]
    # 301 order lines: 1% is three lines, one day per batch.
    assert [call[:3] for call in calls] == [
        ("initial", "incremental.duckdb", days[-3]),
        ("refresh 1", "incremental.duckdb", days[-2]),
        ("refresh 2", "incremental.duckdb", days[-1]),
        ("full rebuild", "full.duckdb", days[-1]),
    ]
    # The initial build sees every line but the last two days, the undated one included.
    assert [call[3] for call in calls] == [301 - 6, 301 - 3, 301, 301]
    assert [r["batch"]["rows"]["order_lines"] for r in scenario["refreshes"]] == [3, 3]
    assert scenario["refreshes"][0]["batch"]["rows"]["events"] == 1
    assert scenario["compared_tables"] == ["events", "order_lines"]
    assert scenario["differences"] == {} and scenario["ok"]
    # No fitted models in these warehouses: nothing to say.
    assert scenario["full_rebuild"]["fits"] == {
        "segment_model": None,
        "propensity_model": None,
    }


def test_scenario_reports_a_table_that_differs_and_stops_after_a_failed_build(tmp_path):
    days = _days("2024-01-01", 100)
    _shop(tmp_path / "raw", days)
    calls: list = []
    faithful = _stand_in_build(calls)

    def loses_the_last_refresh(name, db_path, raw_dir, load_date, dbt_args):
        if name == "refresh 2":
            return {"ok": True, "wall_seconds": 1.0}
        return faithful(name, db_path, raw_dir, load_date, dbt_args)

    scenario = incremental.run_scenario(
        tmp_path / "raw", tmp_path / "work", 2, loses_the_last_refresh, log=lambda line: None
    )
    assert set(scenario["differences"]) == {"events", "order_lines"}
    # The last day's three order lines are only in the rebuild, named as such.
    assert (
        scenario["differences"]["order_lines"]
        == "0 rows only in incremental, 3 only in full rebuild"
    )
    assert not scenario["ok"]

    def fails_first(name, db_path, raw_dir, load_date, dbt_args):
        return {"ok": False, "wall_seconds": 1.0}

    failed = incremental.run_scenario(
        tmp_path / "raw", tmp_path / "again", 2, fails_first, log=lambda line: None
    )
    assert failed["refreshes"] == [] and "full_rebuild" not in failed
    assert failed["compared_tables"] == [] and not failed["ok"]


def test_command_line_refreshes_and_incremental_only():
    from segwarehouse.benchmark.__main__ import parse_args
    from segwarehouse.benchmark.runner import BenchmarkConfig, reproduce_command

    args = parse_args(["--scale", "10M", "--refreshes", "2"])
    assert (args.refreshes, args.incremental_only) == (2, False)
    assert parse_args(["--scale", "1M"]).refreshes == 0
    with pytest.raises(SystemExit):
        parse_args(["--scale", "1M", "--incremental-only"])
    config = BenchmarkConfig(
        order_lines=1_000_000, scale="1M", memory_limit="8GB", refreshes=2, incremental_only=True
    )
    assert reproduce_command(config).endswith("--refreshes 2 --incremental-only")
