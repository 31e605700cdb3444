"""Incremental scenario: a full build, then daily batches, each refresh timed.

``python -m segwarehouse.benchmark.incremental RAW_DIR --days 3 --work-dir DIR``

Splits the order lines and events of ``RAW_DIR`` (one file per table, CSV or
Parquet) into one Parquet batch per day (``order_lines/day=2011-12-09/...``),
builds the warehouse on every day but the last ``--days`` ones, then adds one
day at a time and times each refresh (``dbt build``, ``load_date`` = the day
added). Finally it builds the same folders from scratch and compares the
published tables of both warehouses (docs/incremental.md). Prints one JSON
object with the timings and the differences (none expected).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import duckdb

from ..dbt_runner import run_dbt
from .compare import published_differences

BATCHED_TABLES = {"order_lines": "ordered_at", "events": "occurred_at"}
#: Published tables holding one row per build (history), not per datum.
HISTORY_TABLES = {
    "segment_runs",
    "segment_model",
    "customer_segment_observations",
    "customer_segment_history",
    "segment_migrations",
}


def _reader(path: Path) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', all_varchar = true, header = true)"


def split_by_day(source: Path, batches: Path) -> list[str]:
    """Write the batched tables of ``source`` as day folders under ``batches``
    (other tables copied as they are); return the days, sorted."""
    days: set[str] = set()
    with duckdb.connect() as connection:
        for path in sorted(source.iterdir()):
            table = path.stem
            if table not in BATCHED_TABLES:
                shutil.copy(path, batches / path.name)
                continue
            day = (
                f"coalesce(cast(cast(try_cast({BATCHED_TABLES[table]} as timestamp) as date)"
                " as varchar), 'undated')"
            )
            connection.execute(
                f"copy (select *, {day} as day from {_reader(path)}) to "
                f"'{batches / table}' (format parquet, partition_by (day))"
            )
            days |= {folder.name.split("=", 1)[1] for folder in (batches / table).iterdir()}
    return sorted(days - {"undated"}) + (["undated"] if "undated" in days else [])


def _move_days(batches: Path, raw: Path, days: list[str]) -> None:
    for table in BATCHED_TABLES:
        for day in days:
            folder = batches / table / f"day={day}"
            if folder.exists():
                (raw / table).mkdir(parents=True, exist_ok=True)
                shutil.move(str(folder), raw / table / folder.name)


def _timed_build(db_path: Path, work_dir: Path, raw: Path, dbt_vars: dict) -> dict:
    started = time.perf_counter()
    result = run_dbt(["build"], db_path=db_path, work_dir=work_dir, raw_path=raw, dbt_vars=dbt_vars)
    seconds = time.perf_counter() - started
    if not result.ok:
        sys.exit(result.output[-4000:])
    return {
        "wall_seconds": round(seconds, 1),
        "dbt_seconds": round(result.run_results()["elapsed_time"], 1),
    }


def run(source: Path, work_dir: Path, days: int, dbt_vars: dict) -> dict:
    """Build, refresh ``days`` times, rebuild; return timings and differences."""
    batches, raw = work_dir / "batches", work_dir / "raw"
    for folder in (batches, raw):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    all_days = split_by_day(source, batches)
    dated = [day for day in all_days if day != "undated"]
    first, added = dated[:-days], dated[-days:]
    _move_days(batches, raw, [*first, "undated"])
    for path in batches.iterdir():
        if path.is_file():
            shutil.move(str(path), raw / path.name)
    incremental_db = work_dir / "incremental.duckdb"
    full_db = work_dir / "full.duckdb"
    for db_path in (incremental_db, full_db):
        db_path.unlink(missing_ok=True)
    report = {
        "initial": _timed_build(incremental_db, work_dir, raw, {**dbt_vars, "load_date": first[-1]})
    }
    report["refreshes"] = []
    for day in added:
        _move_days(batches, raw, [day])
        timing = _timed_build(incremental_db, work_dir, raw, {**dbt_vars, "load_date": day})
        report["refreshes"].append({"day": day, **timing})
    report["full_rebuild"] = _timed_build(
        full_db, work_dir, raw, {**dbt_vars, "load_date": added[-1]}
    )
    with duckdb.connect(str(full_db), read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
            if row[0] not in HISTORY_TABLES
        ]
    report["differences"] = published_differences(incremental_db, full_db, tables=tables)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m segwarehouse.benchmark.incremental")
    parser.add_argument("raw_dir", type=Path, help="raw directory, one file per table")
    parser.add_argument("--days", type=int, default=3, help="daily batches added one by one")
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--vars", default="{}", help="further dbt vars (JSON)")
    args = parser.parse_args(argv)
    report = run(args.raw_dir.resolve(), args.work_dir.resolve(), args.days, json.loads(args.vars))
    print(json.dumps(report, indent=2))
    return 1 if report["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
