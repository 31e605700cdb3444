"""Cleaning on the shipped demo data: planted dirt found, nothing lost, no PII published.

Uses the session's `demo_warehouse` (a full `dbt build` on data/demo) and the
generator's truth file data/demo_truth/dirty_rows.csv
(table_name, reason, handling, row_count).
"""

from __future__ import annotations

import csv
import re

import duckdb
import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
DEMO_TRUTH_DIR = PROJECT_ROOT / "data" / "demo_truth"
PII_COLUMNS = ("email", "full_name", "phone")
DOCS = PROJECT_ROOT / "models" / "staging" / "shop" / "_shop__docs.md"


def _demo_csv(name: str) -> list[dict[str, str]]:
    path = DEMO_DIR / f"{name}.csv"
    if not path.exists():
        pytest.fail(f"demo data missing: {path} (run `make demo-data`)")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def dirty_truth() -> list[dict[str, str]]:
    path = DEMO_TRUTH_DIR / "dirty_rows.csv"
    if not path.exists():
        pytest.fail(f"demo truth missing: {path} (run `make demo-data`)")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def report(demo_warehouse) -> dict[tuple[str, str], tuple]:
    rows = demo_warehouse.query(
        "select source_table, reason, handling, reason_rows, raw_rows, clean_rows, "
        "quarantined_rows from main.data_quality_report"
    )
    return {(row[0], row[1]): row[2:] for row in rows}


def test_report_shows_every_planted_kind_with_its_count(report, dirty_truth):
    assert dirty_truth, "the truth file lists no planted rows"
    for planted in dirty_truth:
        key = (planted["table_name"], planted["reason"])
        assert key in report, f"planted kind {key} missing from data_quality_report"
        handling, reason_rows = report[key][:2]
        assert handling == planted["handling"], key
        assert reason_rows == int(planted["row_count"]), key


def test_no_reason_fires_that_was_not_planted(report, dirty_truth):
    planted = {(row["table_name"], row["reason"]) for row in dirty_truth}
    unexpected = {
        key: values[1]
        for key, values in report.items()
        if values[0] == "quarantine" and values[1] > 0 and key not in planted
    }
    assert unexpected == {}


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(t, id=t)
        for t in ("order_lines", "customers", "products", "events", "campaigns", "campaign_touches")
    ],
)
def test_raw_rows_are_the_file_rows_and_reconcile(report, table):
    counts = {values[2:] for (t, _), values in report.items() if t == table}
    assert len(counts) == 1
    raw_rows, clean_rows, quarantined_rows = counts.pop()
    assert raw_rows == len(_demo_csv(table))
    assert raw_rows == clean_rows + quarantined_rows


def test_docs_block_lists_exactly_the_reason_codes(report):
    rows = re.findall(r"^\| (\w+|every table) \| `(\w+)` \|", DOCS.read_text(), flags=re.M)
    tables = {table for table, _ in report}
    documented = {
        (table, reason)
        for documented_table, reason in rows
        for table in (tables if documented_table == "every table" else {documented_table})
    }
    in_report = {key for key, values in report.items() if values[0] == "quarantine"}
    assert documented == in_report


@pytest.fixture(scope="module")
def raw_pii() -> set[str]:
    values = {
        row[column].strip().lower()
        for row in _demo_csv("customers")
        for column in PII_COLUMNS
        if (row.get(column) or "").strip()
    }
    assert len(values) > 1000, "demo customers should carry emails, names and phones"
    return values


def _published_columns(connection) -> list[tuple[str, str, str]]:
    return connection.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = 'wh' and table_schema = 'main' order by all"
    ).fetchall()


def test_published_tables_have_no_pii_columns(demo_warehouse):
    with duckdb.connect() as connection:
        connection.execute(f"attach '{demo_warehouse.db_path}' as wh (read_only)")
        columns = _published_columns(connection)
    assert {table for table, _, _ in columns}, "no published table found"
    leaking = [(t, c) for t, c, _ in columns if c.lower() in PII_COLUMNS]
    assert leaking == []


def test_published_values_contain_no_raw_pii(demo_warehouse, raw_pii):
    """Every value of every published table (as text, trimmed, lower-cased)."""
    emails = sorted(value for value in raw_pii if "@" in value)
    found = []
    with duckdb.connect() as connection:
        connection.execute(f"attach '{demo_warehouse.db_path}' as wh (read_only)")
        connection.execute("create temp table pii (value varchar)")
        connection.executemany("insert into pii values (?)", [[v] for v in sorted(raw_pii)])
        for table, column, _ in _published_columns(connection):
            text = f'lower(trim(cast("{column}" as varchar)))'
            equal = connection.execute(
                f'select count(*) from wh.main."{table}" join pii on {text} = pii.value'
            ).fetchone()[0]
            with_at = connection.execute(
                f"select distinct {text} from wh.main.\"{table}\" where {text} like '%@%'"
            ).fetchall()
            inside = [v for (v,) in with_at if any(email in v for email in emails)]
            if equal or inside:
                found.append((table, column, equal, inside[:3]))
    assert found == []
