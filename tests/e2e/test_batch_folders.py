"""Raw tables as folders of batch files, loaded at once or one run after another.

The demo's order lines and events are split into one file per month under
hive-style folders (``order_lines/month=2023-01/part.csv``), plus a late batch
(lines of an early month moved to a file of their own) and a batch repeating
clean lines of an earlier one. The other raw tables stay single files.

- A full build on the folders publishes what the demo build on the single
  files publishes; the repeated lines are quarantined as ``duplicate_row``
  (pointing at their file and line) and are the only difference in
  data_quality_report.
- Loading the same batches over three incremental runs publishes what the full
  build on the folders publishes (docs/incremental.md).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from segwarehouse.benchmark.batches import csv_records, field_of, split_by_key, write_batch
from segwarehouse.benchmark.compare import published_differences
from segwarehouse.dbt_runner import PROJECT_ROOT, run_dbt

DEMO_DIR = PROJECT_ROOT / "data" / "demo"

SINGLE_FILE_TABLES = ["customers", "products", "campaigns", "campaign_touches"]
LATE_MONTH = "2023-03"
REPEATED_MONTH = "2023-05"
REPEATED_LINES = 30
#: The batches of each incremental run: month folders by their first year,
#: then the late and repeated batches.
RUNS = [
    lambda key: "month=2023" in key or "month=other" in key,
    lambda key: "month=2024" in key or "month=2031" in key,
    lambda key: "month=" not in key,
]
#: What the incremental runs build: every model the published tables below
#: need (staging, sessions, customer days, baskets, pairs, quality).
SELECTED = ["+data_quality_report", "+customer_rfm", "+customer_features", "+product_pairs"]
#: Seeds and models only; the data tests run with the last incremental run
#: (only those of the selected models: cautious indirect selection).
NO_TESTS = ("--exclude", "resource_type:test", "resource_type:unit_test")
WITH_TESTS = ("--indirect-selection", "cautious")
COMPARED = ["data_quality_report", "customer_rfm", "customer_features", "product_pairs"]


def _month(line_field):
    def key(line: str) -> str:
        value = line_field(line)
        return value[:7] if re.match(r"\d{4}-\d{2}", value) else "other"

    return key


def write_batches(raw: Path, clean_row_numbers: set[int]) -> dict[str, int]:
    """Write the raw tables into ``raw``, order lines and events as batch
    folders; return ``{batch key: records}`` of the batch files."""
    for table in SINGLE_FILE_TABLES:
        shutil.copy(DEMO_DIR / f"{table}.csv", raw / f"{table}.csv")
    written = {}
    for table, column in (("order_lines", "ordered_at"), ("events", "occurred_at")):
        header, records = csv_records(DEMO_DIR / f"{table}.csv")
        month_of = _month(field_of(header, column))
        batches = {
            f"{table}/month={month}/part.csv": month_records
            for month, month_records in split_by_key(records, month_of).items()
        }
        early = batches[f"{table}/month={LATE_MONTH}/part.csv"]
        batches[f"{table}/month={LATE_MONTH}/part.csv"] = [
            record for position, record in enumerate(early) if position % 10
        ]
        batches[f"{table}/late/part.csv"] = early[::10]
        if table == "order_lines":
            batches[f"{table}/repeat/part.csv"] = [
                record
                for position, record in enumerate(records, start=1)
                if position in clean_row_numbers and month_of(record) == REPEATED_MONTH
            ][:REPEATED_LINES]
        for key, batch in batches.items():
            write_batch(raw, key, header, batch)
            written[key] = len(batch)
    return written


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory, demo_warehouse) -> Path:
    """The raw directory with every batch folder written."""
    clean = {
        row[0]
        for row in demo_warehouse.query(
            "select source_row_number from staging.stg_shop__order_lines"
        )
    }
    raw = tmp_path_factory.mktemp("batches") / "all"
    raw.mkdir()
    write_batches(raw, clean)
    return raw


@pytest.fixture(scope="module")
def folder_warehouse(build_warehouse, batch_dir):
    """Every seed and model built on the batch folders at once."""
    return build_warehouse(batch_dir, command=("build", *NO_TESTS), name="folders")


@pytest.fixture(scope="module")
def incremental_warehouse(tmp_path_factory, parsed_project, batch_dir):
    """The batch folders loaded over three runs into one warehouse file; the
    last run also runs the data tests of the selected models."""
    work_dir = tmp_path_factory.mktemp("incremental")
    (work_dir / "target").mkdir()
    shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)
    raw = work_dir / "raw"
    raw.mkdir()
    for table in SINGLE_FILE_TABLES:
        shutil.copy(batch_dir / f"{table}.csv", raw / f"{table}.csv")
    keys = [str(path.relative_to(batch_dir)) for path in batch_dir.rglob("*/**/part.csv")]
    outputs = []
    for run, selects in enumerate(RUNS, start=1):
        for key in filter(selects, keys):
            (raw / key).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(batch_dir / key, raw / key)
        result = run_dbt(
            ["build", "--select", *SELECTED, *(NO_TESTS if run < len(RUNS) else WITH_TESTS)],
            db_path=work_dir / "warehouse.duckdb",
            work_dir=work_dir,
            raw_path=raw,
        )
        assert result.ok, result.output[-6000:]
        outputs.append(result.output)
    return work_dir / "warehouse.duckdb", outputs


def _report(db_path: Path) -> dict[tuple, list]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        rows = connection.execute(
            "select source_table, reason, handling, raw_rows, clean_rows, "
            "quarantined_rows, reason_rows from main.data_quality_report"
        ).fetchall()
    return {tuple(row[:3]): list(row[3:]) for row in rows}


def test_folders_publish_what_single_files_publish(folder_warehouse, demo_warehouse):
    published = [
        row[0]
        for row in demo_warehouse.query(
            "select table_name from information_schema.tables where table_schema = 'main'"
        )
    ]
    tables = [table for table in published if table != "data_quality_report"]
    assert (
        published_differences(folder_warehouse.db_path, demo_warehouse.db_path, tables=tables) == {}
    )


def test_repeated_lines_are_the_only_quality_report_difference(folder_warehouse, demo_warehouse):
    expected = _report(demo_warehouse.db_path)
    for (table, reason, _), figures in expected.items():
        if table == "order_lines":
            figures[0] += REPEATED_LINES  # raw_rows
            figures[2] += REPEATED_LINES  # quarantined_rows
            if reason == "duplicate_row":
                figures[3] += REPEATED_LINES
    assert _report(folder_warehouse.db_path) == expected


def test_repeated_lines_point_at_their_file_and_line(folder_warehouse):
    rows = folder_warehouse.query(
        "select source_file_row_number, source_line_number, reasons "
        "from staging.stg_shop__order_lines_quarantine "
        "where source_file = 'order_lines/repeat/part.csv' order by source_file_row_number"
    )
    assert rows == [
        (position, position + 1, ["duplicate_row"]) for position in range(1, REPEATED_LINES + 1)
    ]


def test_every_raw_row_is_loaded_once_from_its_file(incremental_warehouse, batch_dir):
    db_path, _ = incremental_warehouse
    with duckdb.connect(str(db_path), read_only=True) as connection:
        loaded = dict(
            connection.execute(
                "select source_file, count(*) from staging.base_shop__order_lines "
                "group by source_file"
            ).fetchall()
        )
        row_numbers = connection.execute(
            "select count(*), count(distinct source_row_number), "
            "count(distinct (source_file, source_file_row_number)), max(source_row_number) "
            "from staging.base_shop__order_lines"
        ).fetchone()
        # Each file's rows are one block of numbers, in the file's row order.
        offsets_per_file = connection.execute(
            "select max(offsets) from (select count(distinct source_row_number "
            "- source_file_row_number) as offsets from staging.base_shop__order_lines "
            "group by source_file)"
        ).fetchone()[0]
    expected = {
        str(path.relative_to(batch_dir)): len(path.read_text().splitlines()) - 1
        for path in batch_dir.glob("order_lines/**/part.csv")
    }
    assert loaded == expected
    assert row_numbers == (sum(expected.values()),) * 4
    assert offsets_per_file == 1


def test_incremental_runs_publish_what_a_full_build_publishes(
    incremental_warehouse, folder_warehouse
):
    db_path, _ = incremental_warehouse
    assert published_differences(db_path, folder_warehouse.db_path, tables=COMPARED) == {}


def test_incremental_quality_report_reconciles(incremental_warehouse):
    db_path, _ = incremental_warehouse
    report = _report(db_path)
    assert report
    assert all(raw == clean + quarantined for raw, clean, quarantined, _ in report.values())
