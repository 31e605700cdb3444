"""Incremental scenario: a full build, then batches of trailing days, each refresh measured.

The scenario splits the order lines and events of a raw directory (one file
per table, CSV or Parquet) into one Parquet folder per day
(``order_lines/day=2024-12-30/...``), builds the warehouse on everything but
the last batches, adds one batch per ``dbt build`` (``load_date`` = the
batch's last day), then builds the same folders from scratch and compares the
published tables of both warehouses (docs/incremental.md). Refreshes run
the README's nightly routine (:data:`REFRESH_ARGS`); the rebuild starts from
the stored fits of the incremental warehouse (and nothing else), so it scores
with the same fits and every published table is comparable.

A batch is one or more whole trailing days: with a ``share`` (the benchmark
uses 1%), days are grouped from the end so that each batch holds about that
share of the order lines; without one, each batch is one day.

``python -m segwarehouse.benchmark --scale 1M --refreshes 3`` runs it on the
generated benchmark data beside the full build (runner.py);
``python -m segwarehouse.benchmark.incremental RAW_DIR --days 3 --work-dir DIR``
runs it with daily batches on any raw directory and prints the JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from .compare import published_differences

BATCHED_TABLES = {"order_lines": "ordered_at", "events": "occurred_at"}
#: The day folder of rows whose timestamp does not parse.
UNDATED = "undated"
#: Published tables holding one row per build (history), not per datum.
HISTORY_TABLES = {
    "segment_runs",
    "segment_model",
    "customer_segment_observations",
    "customer_segment_history",
    "segment_migrations",
}
#: The fitted models; a build either fits them again or scores with the stored fit.
FITTED_MODELS = ("segment_model", "propensity_model")
#: Days after a gap of more than this many days past the median day are not
#: part of the data's history (future-dated rows from a clock bug): the same
#: rule and default as the project's ``future_tolerance_days``.
FUTURE_GAP_DAYS = 30
#: Share of the order lines a refresh batch of the benchmark holds.
BATCH_SHARE = 0.01
#: The extra ``dbt build`` arguments of a refresh: the nightly routine of the
#: README (every model and data test, no unit tests).
REFRESH_ARGS = ("--selector", "nightly")


def _reader(path: Path) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', all_varchar = true, header = true)"


def split_by_day(source: Path, batches: Path) -> dict[str, dict[str, int]]:
    """Write the batched tables of ``source`` as day folders under ``batches``
    (other tables copied as they are; hidden files skipped).

    Returns ``{table: {day: rows}}``; rows whose timestamp does not parse are
    under the day :data:`UNDATED`.
    """
    rows: dict[str, dict[str, int]] = {}
    with duckdb.connect() as connection:
        for path in sorted(source.iterdir()):
            if path.name.startswith((".", "_")) or not path.is_file():
                continue
            table = path.stem
            if table not in BATCHED_TABLES:
                shutil.copy(path, batches / path.name)
                continue
            day = (
                f"coalesce(cast(cast(try_cast({BATCHED_TABLES[table]} as timestamp) as date)"
                f" as varchar), '{UNDATED}')"
            )
            connection.execute(
                f"create or replace temp view dated as select *, {day} as day from {_reader(path)}"
            )
            connection.execute(
                f"copy dated to '{batches / table}' (format parquet, partition_by (day))"
            )
            rows[table] = dict(
                connection.execute("select day, count(*) from dated group by day").fetchall()
            )
    return rows


def history_days(rows: dict[str, dict[str, int]], gap_days: int = FUTURE_GAP_DAYS) -> list[str]:
    """The dated days of the data's history, sorted: from the first day up to
    the end of the bulk (the first gap of more than ``gap_days`` days between
    days with rows after the median day, weighting days by their rows of all
    tables). Later days hold future-dated rows; undated rows are left out."""
    per_day: dict[str, int] = {}
    for table_rows in rows.values():
        for day, count in table_rows.items():
            if day != UNDATED:
                per_day[day] = per_day.get(day, 0) + count
    days = sorted(per_day)
    if not days:
        return []
    total, seen, median = sum(per_day.values()), 0, days[-1]
    for day in days:
        seen += per_day[day]
        if 2 * seen >= total:
            median = day
            break
    for previous, day in itertools.pairwise(days):
        gap = (dt.date.fromisoformat(day) - dt.date.fromisoformat(previous)).days
        if day > median and gap > gap_days:
            return days[: days.index(previous) + 1]
    return days


def trailing_batches(
    order_lines_by_day: dict[str, int], days: list[str], count: int, share: float | None
) -> list[list[str]]:
    """``count`` batches of whole trailing ``days``, oldest batch first.

    Days are taken from the end of ``days`` (sorted). With ``share``, a batch
    grows by one day at a time and stops where its order lines are closest to
    ``share`` of all order lines (``order_lines_by_day`` summed, undated and
    future-dated rows included): a day is added while that brings the batch
    nearer the target, and always when the batch has no order lines yet.
    Without ``share`` each batch is one day. Raises ``ValueError`` when no day
    would be left for the initial build.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    target = share * sum(order_lines_by_day.values()) if share is not None else None
    batches: list[list[str]] = []
    current: list[str] = []
    current_lines = 0
    remaining = list(days)
    while remaining and len(batches) < count:
        day = remaining[-1]
        lines = order_lines_by_day.get(day, 0)
        further = target is not None and abs(current_lines + lines - target) > abs(
            current_lines - target
        )
        if current and (target is None or (current_lines > 0 and further)):
            batches.append(current[::-1])
            current, current_lines = [], 0
            continue
        current.append(remaining.pop())
        current_lines += lines
    if current and len(batches) < count:
        batches.append(current[::-1])
    if len(batches) < count or not remaining:
        raise ValueError(
            f"{len(days)} day(s) of data cannot give {count} batch(es) and an initial build"
        )
    return batches[::-1]


def plan_batches(
    rows: dict[str, dict[str, int]], count: int, share: float | None = BATCH_SHARE
) -> dict:
    """The initial build and the ``count`` refresh batches of ``rows``
    (``{table: {day: rows}}`` from :func:`split_by_day`).

    Returns ``{"initial": part, "batches": [part, ...]}``; each part has
    ``days`` (the day folders it adds), ``load_date`` (its last dated day),
    ``rows`` and ``share`` per batched table. The initial build holds every
    day before the batches, the undated rows and the future-dated days after
    the history (they are quarantined whatever the load date).
    """
    days = history_days(rows)
    order_lines = rows.get("order_lines", {})
    batches = trailing_batches(order_lines, days, count, share)
    in_batches = {day for batch in batches for day in batch}
    all_days = {day for table_rows in rows.values() for day in table_rows}
    initial_days = sorted(all_days - in_batches)
    totals = {table: sum(table_rows.values()) for table, table_rows in rows.items()}

    def part(part_days: list[str], load_date: str) -> dict:
        counts = {
            table: sum(table_rows.get(day, 0) for day in part_days)
            for table, table_rows in rows.items()
        }
        return {
            "days": part_days,
            "first_day": min((d for d in part_days if d != UNDATED), default=None),
            "load_date": load_date,
            "rows": counts,
            "share": {
                table: round(counts[table] / totals[table], 6) if totals[table] else None
                for table in rows
            },
        }

    initial_load_date = max(day for day in days if day < batches[0][0])
    return {
        "initial": part(initial_days, initial_load_date),
        "batches": [part(batch, batch[-1]) for batch in batches],
    }


def move_days(batches: Path, raw: Path, days: list[str]) -> None:
    """Move the day folders ``days`` of every batched table from ``batches`` to ``raw``."""
    for table in BATCHED_TABLES:
        for day in days:
            folder = batches / table / f"day={day}"
            if folder.exists():
                (raw / table).mkdir(parents=True, exist_ok=True)
                shutil.move(str(folder), raw / table / folder.name)


def published_tables(db_path: Path) -> list[str]:
    """Published tables of a warehouse compared between builds (history tables left out)."""
    with duckdb.connect(str(db_path), read_only=True) as connection:
        names = connection.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
        ).fetchall()
    return sorted(name for (name,) in names if name not in HISTORY_TABLES)


def fit_kinds(db_path: Path) -> dict[str, str | None]:
    """Whether the build that last wrote ``db_path`` fitted or scored each fitted
    model (``run_kind`` of its latest run; None when the table is missing)."""
    queries = {
        "segment_model": "select run_kind from main.segment_runs order by run_number desc limit 1",
        "propensity_model": (
            "select run_kind from main.propensity_model_metrics order by run_number desc limit 1"
        ),
    }
    kinds: dict[str, str | None] = {}
    with duckdb.connect(str(db_path), read_only=True) as connection:
        for model, query in queries.items():
            try:
                row = connection.execute(query).fetchone()
            except duckdb.Error:
                row = None
            kinds[model] = row[0] if row else None
    return kinds


def seed_stored_fits(source_db: Path, target_db: Path) -> None:
    """Copy the stored fits (:data:`FITTED_MODELS`) of ``source_db`` into a new
    ``target_db``: a build of ``target_db`` then scores with the same fits, so
    that every published table can be compared with ``source_db``'s."""
    with duckdb.connect(str(target_db)) as connection:
        connection.execute(f"attach '{source_db}' as source_db (read_only)")
        stored = connection.execute(
            "select table_name from duckdb_tables() "
            "where database_name = 'source_db' and schema_name = 'main'"
        ).fetchall()
        for model in sorted({name for (name,) in stored} & set(FITTED_MODELS)):
            connection.execute(f"create table main.{model} as select * from source_db.main.{model}")
        connection.execute("detach source_db")


def fit_dependent_tables(manifest: dict) -> set[str]:
    """Names of the models downstream of :data:`FITTED_MODELS` (themselves included):
    their rows come from the stored fit when a build scores instead of fitting."""
    children = manifest.get("child_map", {})
    stack = [
        unique_id
        for unique_id, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") == "model" and node.get("name") in FITTED_MODELS
    ]
    seen: set[str] = set()
    while stack:
        unique_id = stack.pop()
        if unique_id in seen or not unique_id.startswith("model."):
            continue
        seen.add(unique_id)
        stack.extend(children.get(unique_id, []))
    return {unique_id.rsplit(".", 1)[-1] for unique_id in seen}


def name_warehouses(differences: dict[str, str], incremental_db: Path, full_db: Path) -> dict:
    """``differences`` with the warehouse paths replaced by what they are."""
    return {
        table: what.replace(str(incremental_db), "incremental").replace(
            str(full_db), "full rebuild"
        )
        for table, what in differences.items()
    }


#: ``build(name, db_path, raw_dir, load_date, dbt_args)`` -> the build's record
#: (with ``ok``); ``dbt_args``: extra ``dbt build`` arguments.
BuildFunction = Callable[[str, Path, Path, str, tuple[str, ...]], dict]


def run_scenario(
    source: Path,
    work_dir: Path,
    count: int,
    build: BuildFunction,
    *,
    share: float | None = BATCH_SHARE,
    log: Callable[[str], None] = print,
) -> dict:
    """Initial build, ``count`` refreshes, full rebuild; compare the warehouses.

    Returns ``{"plan", "initial", "refreshes", "full_rebuild", "compared_tables",
    "differences", "ok"}``; each build record is ``build``'s, with the batch
    and which fitted models it fitted (``fits``). Stops after a failed build.
    """
    batches_dir, raw = work_dir / "batches", work_dir / "raw"
    for folder in (batches_dir, raw):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    rows = split_by_day(source, batches_dir)
    plan = plan_batches(rows, count, share)
    move_days(batches_dir, raw, plan["initial"]["days"])
    for path in batches_dir.iterdir():
        if path.is_file():
            shutil.move(str(path), raw / path.name)
    incremental_db = work_dir / "incremental.duckdb"
    full_db = work_dir / "full.duckdb"
    for db_path in (incremental_db, full_db):
        db_path.unlink(missing_ok=True)

    def measured(name: str, db_path: Path, part: dict, dbt_args: tuple[str, ...] = ()) -> dict:
        log(f"[incremental] {name}: load_date {part['load_date']}")
        record = build(name, db_path, raw, part["load_date"], dbt_args)
        record["batch"] = {key: part[key] for key in ("first_day", "load_date", "rows", "share")}
        record["fits"] = fit_kinds(db_path) if record.get("ok") and db_path.exists() else {}
        log(f"[incremental] {name}: {record.get('wall_seconds', 0):.1f}s, ok={record.get('ok')}")
        return record

    report: dict = {
        "batch_share": share,
        "plan": plan,
        "refreshes": [],
        "compared_tables": [],
        "differences": {},
    }
    report["initial"] = measured("initial", incremental_db, plan["initial"])
    for number, batch in enumerate(plan["batches"], start=1):
        if not report["initial"]["ok"] or not all(r["ok"] for r in report["refreshes"]):
            break
        move_days(batches_dir, raw, batch["days"])
        report["refreshes"].append(
            measured(f"refresh {number}", incremental_db, batch, REFRESH_ARGS)
        )
    builds_ok = report["initial"]["ok"] and len(report["refreshes"]) == count
    builds_ok = builds_ok and all(r["ok"] for r in report["refreshes"])
    if builds_ok:
        # All batches are in raw/ now: the rebuild reads the same folders,
        # from scratch, and scores with the incremental warehouse's fits.
        seed_stored_fits(incremental_db, full_db)
        everything = {**plan["batches"][-1], "first_day": plan["initial"]["first_day"]}
        everything["rows"] = {t: sum(r.values()) for t, r in rows.items()}
        everything["share"] = dict.fromkeys(rows, 1.0)
        report["full_rebuild"] = measured("full rebuild", full_db, everything)
        builds_ok = report["full_rebuild"]["ok"]
    if builds_ok:
        report["compared_tables"] = published_tables(full_db)
        report["differences"] = name_warehouses(
            published_differences(incremental_db, full_db, tables=report["compared_tables"]),
            incremental_db,
            full_db,
        )
    report["ok"] = builds_ok and not report["differences"]
    return report


def main(argv: list[str] | None = None) -> int:
    """Daily batches on any raw directory; prints the scenario's JSON."""
    from .runner import BenchmarkConfig, default_memory_limit, scenario_build

    parser = argparse.ArgumentParser(prog="python -m segwarehouse.benchmark.incremental")
    parser.add_argument("raw_dir", type=Path, help="raw directory, one file per table")
    parser.add_argument("--days", type=int, default=3, help="daily batches added one by one")
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--vars", default="{}", help="further dbt vars (JSON)")
    args = parser.parse_args(argv)
    work_dir = args.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    config = BenchmarkConfig(order_lines=0, work_dir=work_dir, memory_limit=default_memory_limit(0))
    report = run_scenario(
        args.raw_dir.resolve(),
        work_dir,
        args.days,
        scenario_build(config, work_dir, json.loads(args.vars)),
        share=None,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
