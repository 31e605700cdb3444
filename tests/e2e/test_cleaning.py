"""Cleaning layer end to end: every reason code, edge cases, PII salt, reconciliation.

One fixture directory holds all six raw tables: enough clean rows for the
default future cut-off (end of the bulk + 30 days) to sit after the data, plus
one planted row per documented reason code, each with exactly one defect. The
raw directory goes through the same sources as any user's files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime, timedelta
from decimal import Decimal

import duckdb
import pytest

# Staging models, the quarantine union, the enriched order lines and the report
# (with its data tests and the reconciliation test).
CLEANING = (
    "build",
    "--select",
    "staging",
    "intermediate.quality",
    "+int_order_lines_enriched",  # with its product list and seed
    "marts.quality",
    "--exclude",
    "resource_type:unit_test",
)
# The same without generic data tests (the singular reconciliation test stays):
# quicker, for the edge-case builds.
CLEANING_QUICK = (*CLEANING, "test_type:generic")
DEMO_SALT = "segments-demo-salt-not-secret"
SALT_WARNING = "SEGMENTS_PII_SALT is not set"
TABLES = ("order_lines", "customers", "products", "events", "campaigns", "campaign_touches")

COLUMNS = {
    "order_lines": [
        "order_id", "customer_id", "ordered_at", "product_id",
        "quantity", "unit_price", "status", "channel",
    ],
    "customers": [
        "customer_id", "signup_at", "birth_date", "gender", "country", "city",
        "email", "full_name", "phone",
    ],
    "products": ["product_id", "product_name", "category", "brand", "list_price"],
    "events": [
        "event_id", "customer_id", "anonymous_id", "session_id", "event_type",
        "product_id", "search_query", "occurred_at", "device", "channel",
    ],
    "campaigns": ["campaign_id", "campaign_name", "channel", "started_at", "cost"],
    "campaign_touches": ["campaign_id", "customer_id", "touched_at", "is_control"],
}  # fmt: skip

START = datetime(2024, 1, 1, 9, 0, 0)


def _stamp(hours: int) -> str:
    return (START + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S")


def _base_rows() -> dict[str, list[dict[str, str]]]:
    """Clean rows of every table (nothing here may be quarantined)."""
    order_lines = [
        {
            "order_id": f"o{i // 2}",
            "customer_id": f"c{i % 20}",
            "ordered_at": _stamp(i * 5),
            "product_id": f"p{i % 5}",
            "quantity": str(1 + i % 3),
            "unit_price": "2.50",
            "status": "completed",
            "channel": "web",
        }
        for i in range(150)
    ]
    customers = [
        {
            "customer_id": f"c{i}",
            "signup_at": _stamp(-1000 + i),
            "birth_date": "1990-01-01",
            "gender": "f",
            "country": "Germany",
            "city": "Berlin",
            "email": f"person{i}@example.org",
            "full_name": f"Person Number{i}",
            "phone": f"+49 30 {1000 + i}",
        }
        for i in range(20)
    ]
    products = [
        {
            "product_id": f"p{i}",
            "product_name": f"Product {i}",
            "category": "Toys",
            "brand": "Acme",
            "list_price": "2.50",
        }
        for i in range(5)
    ]
    events = [
        {
            "event_id": f"e{i}",
            "customer_id": f"c{i % 20}" if i % 3 else "",
            "anonymous_id": f"a{i % 25}",
            "session_id": f"s{i // 4}",
            "event_type": "page_view",
            "product_id": "",
            "search_query": "",
            "occurred_at": _stamp(i * 5),
            "device": "mobile",
            "channel": "app",
        }
        for i in range(150)
    ]
    campaigns = [
        {
            "campaign_id": "K1",
            "campaign_name": "Spring",
            "channel": "email",
            "started_at": "2024-03-01 08:00:00",
            "cost": "100",
        }
    ]
    campaign_touches = [
        {
            "campaign_id": "K1",
            "customer_id": f"c{i}",
            "touched_at": "2024-03-02",
            "is_control": "true" if i % 4 == 0 else "false",
        }
        for i in range(20)
    ]
    return {
        "order_lines": order_lines,
        "customers": customers,
        "products": products,
        "events": events,
        "campaigns": campaigns,
        "campaign_touches": campaign_touches,
    }


def _with(row: dict[str, str], **changes: str) -> dict[str, str]:
    return {**row, **changes}


def _planted_rows(base: dict[str, list[dict[str, str]]]) -> list[tuple[str, str, dict]]:
    """(table, reason, row): one row per documented reason, exactly one defect each."""
    line, customer, product = base["order_lines"][10], base["customers"][3], base["products"][1]
    event, campaign = base["events"][7], base["campaigns"][0]
    touch = base["campaign_touches"][5]
    return [
        ("order_lines", "missing_order_id", _with(line, order_id="  ")),
        ("order_lines", "missing_ordered_at", _with(line, order_id="x1", ordered_at="")),
        ("order_lines", "bad_timestamp", _with(line, order_id="x2", ordered_at="2024-02-30")),
        ("order_lines", "future_timestamp", _with(line, order_id="x3", ordered_at="2031-05-04")),
        ("order_lines", "bad_number", _with(line, order_id="x4", quantity="1,5")),
        ("order_lines", "missing_unit_price", _with(line, order_id="x5", unit_price="")),
        ("order_lines", "negative_price", _with(line, order_id="x6", unit_price="-0.01")),
        ("order_lines", "unknown_status", _with(line, order_id="x7", status="shipped")),
        ("order_lines", "duplicate_row", dict(line)),
        ("customers", "missing_customer_id", _with(customer, customer_id="")),
        ("customers", "bad_timestamp", _with(customer, customer_id="cx1", signup_at="soon")),
        ("customers", "bad_date", _with(customer, customer_id="cx2", birth_date="31/12/1990")),
        ("customers", "duplicate_row", dict(customer)),
        ("customers", "duplicate_customer_id", _with(customer, city="Hamburg")),
        ("products", "missing_product_id", _with(product, product_id="")),
        ("products", "bad_number", _with(product, product_id="px1", list_price="12,99 EUR")),
        ("products", "negative_price", _with(product, product_id="px2", list_price="-4.50")),
        ("products", "duplicate_row", dict(product)),
        ("products", "duplicate_product_id", _with(product, product_name="Renamed")),
        ("events", "missing_occurred_at", _with(event, event_id="ex1", occurred_at=" ")),
        ("events", "bad_timestamp", _with(event, event_id="ex2", occurred_at="yesterday")),
        ("events", "future_timestamp", _with(event, event_id="ex3", occurred_at="2031-05-04")),
        ("events", "unknown_event_type", _with(event, event_id="ex4", event_type="wishlist_add")),
        ("events", "duplicate_row", dict(event)),
        ("campaigns", "missing_campaign_id", _with(campaign, campaign_id="")),
        ("campaigns", "bad_timestamp", _with(campaign, campaign_id="K2", started_at="March")),
        ("campaigns", "bad_number", _with(campaign, campaign_id="K3", cost="1k")),
        ("campaigns", "negative_cost", _with(campaign, campaign_id="K4", cost="-5")),
        ("campaigns", "duplicate_row", dict(campaign)),
        ("campaigns", "duplicate_campaign_id", _with(campaign, campaign_name="Spring again")),
        ("campaign_touches", "missing_campaign_id", _with(touch, campaign_id="")),
        ("campaign_touches", "missing_customer_id", _with(touch, customer_id="")),
        ("campaign_touches", "bad_timestamp", _with(touch, touched_at="31/12/2024")),
        ("campaign_touches", "bad_boolean", _with(touch, is_control="maybe")),
        ("campaign_touches", "duplicate_row", dict(touch)),
    ]


# Clean order lines exercising edge cases of the contract's value forms, each
# with a distinct order_id; checked one by one below.
EDGE_LINES = {
    "many_decimals": {"quantity": "1", "unit_price": "3.14159265358979"},
    "large_quantity": {"quantity": "1000000000", "unit_price": "99999.99"},
    "date_only": {"ordered_at": "2024-03-01"},
    "t_separator": {"ordered_at": "2024-03-01T12:34:56"},
    "fractional_seconds": {"ordered_at": "2024-03-01 12:34:56.789"},
    "empty_quantity": {"quantity": ""},
    "padded_values": {"product_id": "  p1 ", "status": " Cancelled ", "channel": " APP "},
    "non_ascii_customer": {"customer_id": "Zoë-Łódź-東京"},
    "comma_in_field": {"product_id": 'p "1", deluxe'},
    "returned_status": {"status": "returned", "quantity": "2"},
    "negative_quantity": {"quantity": "-3"},
    "unknown_product": {"product_id": "p-not-in-catalogue"},
}


def _csv_text(table: str, rows: list[dict[str, str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[table], lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _reason_fixture_files() -> tuple[dict[str, str], dict[tuple[str, str], int], dict]:
    """Files, the row number of each planted reason row, and edge-line rows."""
    tables = _base_rows()
    template = tables["order_lines"][40]
    for name, changes in EDGE_LINES.items():
        tables["order_lines"].append(_with(template, order_id=f"edge-{name}", **changes))
    planted: dict[tuple[str, str], int] = {}
    for table, reason, row in _planted_rows(_base_rows()):
        tables[table].append(row)
        planted[(table, reason)] = len(tables[table])  # 1-based source_row_number
    files = {f"{table}.csv": _csv_text(table, rows) for table, rows in tables.items()}
    for table, rows in tables.items():
        # A last record whose quote never closes: malformed_record, no values.
        files[f"{table}.csv"] += '"unclosed' + "," * (len(COLUMNS[table]) - 1) + "x\n"
        rows.append({})
        planted[(table, "malformed_record")] = len(rows)
    return files, planted, tables


FILES, PLANTED, TABLE_ROWS = _reason_fixture_files()


@pytest.fixture(scope="module")
def cleaned(build_warehouse, tmp_path_factory):
    """The cleaning layer built on the reason fixture (no PII salt set)."""
    directory = tmp_path_factory.mktemp("reason_fixture")
    for name, text in FILES.items():
        (directory / name).write_text(text, encoding="utf-8")
    built = build_warehouse(
        directory, command=CLEANING, env={"SEGMENTS_PII_SALT": ""}, name="cleaning"
    )
    built.raw_dir = directory
    return built


@pytest.mark.parametrize(
    ("table", "reason"),
    [pytest.param(table, reason, id=f"{table}-{reason}") for table, reason in PLANTED],
)
def test_planted_row_is_quarantined_with_exactly_its_reason(cleaned, table, reason):
    row_number = PLANTED[(table, reason)]
    rows = cleaned.query(
        f"select reasons from staging.stg_shop__{table}_quarantine where source_row_number = ?",
        [row_number],
    )
    assert rows == [([reason],)], f"{table} row {row_number}"
    in_clean = cleaned.query(
        f"select count(*) from staging.stg_shop__{table} where source_row_number = ?",
        [row_number],
    )
    assert in_clean == [(0,)]


def test_every_documented_reason_has_a_planted_row(cleaned):
    documented = set(
        cleaned.query(
            "select source_table, reason from main.data_quality_report "
            "where handling = 'quarantine'"
        )
    )
    assert documented == set(PLANTED)


@pytest.mark.parametrize("table", [pytest.param(t, id=t) for t in TABLES])
def test_only_planted_rows_are_quarantined_and_nothing_is_lost(cleaned, table):
    quarantined = {
        n
        for (n,) in cleaned.query(
            f"select source_row_number from staging.stg_shop__{table}_quarantine"
        )
    }
    clean = [
        n for (n,) in cleaned.query(f"select source_row_number from staging.stg_shop__{table}")
    ]
    assert quarantined == {n for (t, _), n in PLANTED.items() if t == table}
    assert len(clean) == len(set(clean))
    assert sorted(clean + sorted(quarantined)) == list(range(1, len(TABLE_ROWS[table]) + 1))


def test_report_counts_rows_per_table_and_reason(cleaned):
    report = cleaned.query(
        "select source_table, raw_rows, clean_rows, quarantined_rows, sum(reason_rows) "
        "from main.data_quality_report where handling = 'quarantine' "
        "group by all order by source_table"
    )
    for table, raw_rows, clean_rows, quarantined_rows, reason_rows in report:
        planted = sum(1 for t, _ in PLANTED if t == table)
        assert raw_rows == len(TABLE_ROWS[table])
        assert (quarantined_rows, reason_rows) == (planted, planted)
        assert clean_rows == raw_rows - planted


def test_quarantine_keeps_original_values(cleaned):
    row_number = PLANTED[("order_lines", "bad_timestamp")]
    (raw_values,) = cleaned.query(
        "select raw_values from staging.stg_shop__order_lines_quarantine "
        "where source_row_number = ?",
        [row_number],
    )[0]
    original = TABLE_ROWS["order_lines"][row_number - 1]
    assert json.loads(raw_values) == original


def _edge(cleaned, name: str) -> dict:
    frame = cleaned.df(
        f"select * from intermediate.int_order_lines_enriched where order_id = 'edge-{name}'"
    )
    assert len(frame) == 1, name
    return frame.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("name", "column", "expected"),
    [
        pytest.param("many_decimals", "unit_price", "3.1416", id="many-decimals-rounded"),
        pytest.param("large_quantity", "line_revenue", "99999990000000", id="large-quantity"),
        pytest.param("date_only", "ordered_at", datetime(2024, 3, 1), id="date-only-midnight"),
        pytest.param("t_separator", "ordered_at", datetime(2024, 3, 1, 12, 34, 56), id="t-sep"),
        pytest.param(
            "fractional_seconds",
            "ordered_at",
            datetime(2024, 3, 1, 12, 34, 56, 789000),
            id="fractional-seconds",
        ),
        pytest.param("empty_quantity", "quantity", "1", id="empty-quantity-is-one"),
        pytest.param("padded_values", "product_id", "p1", id="trimmed-product"),
        pytest.param("padded_values", "status", "cancelled", id="status-normalised"),
        pytest.param("padded_values", "channel", "app", id="channel-lower-cased"),
        pytest.param("non_ascii_customer", "customer_id", "Zoë-Łódź-東京", id="non-ascii"),
        pytest.param("comma_in_field", "product_id", 'p "1", deluxe', id="quoted-field"),
        pytest.param("returned_status", "line_revenue", "-5", id="returned-negative-revenue"),
        pytest.param("negative_quantity", "is_return", True, id="negative-quantity-return"),
        pytest.param("unknown_product", "has_known_product", False, id="unknown-product-kept"),
        pytest.param("padded_values", "has_known_product", True, id="known-product"),
    ],
)
def test_edge_value_is_cleaned(cleaned, name, column, expected):
    value = _edge(cleaned, name)[column]
    if isinstance(expected, str) and not isinstance(value, str):
        assert Decimal(str(value)) == Decimal(expected)
    else:
        assert value == expected


def test_unknown_product_line_keeps_revenue_without_product_columns(cleaned):
    line = _edge(cleaned, "unknown_product")
    assert line["line_revenue"] > 0
    assert line["category"] is None and line["product_name"] is None
    # Two edge lines name products missing from products.csv (the other is
    # comma_in_field); the report counts both.
    assert (
        cleaned.scalar(
            "select reason_rows from main.data_quality_report where reason = 'unknown_product'"
        )
        == 2
    )


def test_enriched_lines_are_the_clean_lines(cleaned):
    assert cleaned.query(
        "select source_row_number from intermediate.int_order_lines_enriched order by 1"
    ) == cleaned.query("select source_row_number from staging.stg_shop__order_lines order by 1")


def test_clean_customers_hold_no_raw_pii_and_hash_with_demo_salt(cleaned):
    columns = [row[0] for row in cleaned.query("describe staging.stg_shop__customers")]
    assert not {"email", "full_name", "phone"} & set(columns)
    email = TABLE_ROWS["customers"][0]["email"]
    expected = hashlib.sha256((DEMO_SALT + email).encode()).hexdigest()
    assert (
        cleaned.scalar(
            "select email_hash from staging.stg_shop__customers where customer_id = 'c0'"
        )
        == expected
    )


def test_unset_salt_logs_one_warning_per_run(cleaned):
    assert cleaned.result.output.count(SALT_WARNING) == 1


def test_customer_quarantine_masks_pii(cleaned):
    values = [
        json.loads(v)
        for (v,) in cleaned.query("select raw_values from staging.stg_shop__customers_quarantine")
    ]
    raw_pii = {
        row[column]
        for row in TABLE_ROWS["customers"]
        if row
        for column in ("email", "full_name", "phone")
    }
    assert values
    for value in values:
        if all(v is None for v in value.values()):
            continue  # the malformed record, which keeps no values
        assert value["full_name"] == "[redacted]" and value["phone"] == "[redacted]"
        assert len(value["email"]) == 64
        assert not raw_pii & {str(v) for v in value.values()}


def test_salt_from_environment_changes_hashes_and_silences_warning(build_warehouse, raw_dir):
    customers = "customer_id,email\nc1, Someone@Example.ORG \n"
    built = build_warehouse(
        raw_dir({"order_lines.csv": FILES["order_lines.csv"], "customers.csv": customers}),
        command=("run", "--select", "base_shop__customers", "stg_shop__customers"),
        env={"SEGMENTS_PII_SALT": "s3cret"},
        name="salted",
    )
    expected = hashlib.sha256(b"s3cretsomeone@example.org").hexdigest()
    assert built.scalar("select email_hash from staging.stg_shop__customers") == expected
    assert SALT_WARNING not in built.result.output


def test_salt_is_not_stored_in_the_warehouse(cleaned):
    with duckdb.connect(str(cleaned.db_path), read_only=True) as connection:
        definitions = connection.execute("select sql from duckdb_views()").fetchall()
    assert not any(DEMO_SALT in (sql or "") for (sql,) in definitions)


def test_reconciliation_test_fails_when_a_row_goes_missing(cleaned, build_warehouse):
    """The singular test is not vacuous: break the report's counts and it fails."""
    result = build_warehouse(
        cleaned.raw_dir,
        command=("test", "--select", "test_data_quality_report__raw_rows_reconcile"),
        copy_of=cleaned,
        setup_sql=(
            "update main.data_quality_report set clean_rows = clean_rows - 1 "
            "where source_table = 'events'"
        ),
        expect_failure=True,
        name="reconcile_broken",
    ).result
    assert "test_data_quality_report__raw_rows_reconcile" in result.output
    assert "FAIL 1" in result.output


# ---------------------------------------------------------------- edge cases


def test_header_only_optional_files_build_empty_tables(build_warehouse, raw_dir):
    """Header-only optional tables are empty; a header-only order_lines stops the
    run instead (test_hostile_inputs)."""
    optional = [table for table in TABLES if table != "order_lines"]
    files = {f"{table}.csv": ",".join(COLUMNS[table]) + "\n" for table in optional}
    files["order_lines.csv"] = REQUIRED_ONLY["order_lines"]
    built = build_warehouse(raw_dir(files), command=CLEANING_QUICK, name="header_only")
    for table in optional:
        assert built.scalar(f"select count(*) from staging.stg_shop__{table}") == 0
        assert built.scalar(f"select count(*) from staging.stg_shop__{table}_quarantine") == 0
    assert built.query(
        "select distinct raw_rows, clean_rows, quarantined_rows, reason_rows "
        "from main.data_quality_report where source_table <> 'order_lines'"
    ) == [(0, 0, 0, 0)]


REQUIRED_ONLY = {
    "order_lines": "order_id,customer_id,ordered_at,unit_price\r\n"
    "o1,Zoë,2024-01-05 10:00:00,3.5\r\n"
    "o2,,2024-01-06,1\r\n",
    "customers": "customer_id\r\nZoë\r\nŁukasz\r\n",
    "products": "product_id\r\np1\r\n",
    "events": "event_type,occurred_at\r\nPAGE_VIEW,2024-01-05 10:00:00\r\nsearch,2024-01-06\r\n",
    "campaigns": "campaign_id\r\nK1\r\n",
    "campaign_touches": "campaign_id,customer_id\r\nK1,Zoë\r\n",
}


@pytest.fixture(scope="module")
def required_only(build_warehouse, tmp_path_factory):
    """Only the required columns; Windows line endings; a UTF-8 BOM on two files."""
    directory = tmp_path_factory.mktemp("required_only")
    for table, text in REQUIRED_ONLY.items():
        bom = b"\xef\xbb\xbf" if table in ("order_lines", "customers") else b""
        (directory / f"{table}.csv").write_bytes(bom + text.encode("utf-8"))
    return build_warehouse(directory, command=CLEANING_QUICK, name="required_only")


@pytest.mark.parametrize("table", [pytest.param(t, id=t) for t in TABLES])
def test_required_columns_only_rows_are_all_clean(required_only, table):
    expected = len(REQUIRED_ONLY[table].splitlines()) - 1
    assert required_only.scalar(f"select count(*) from staging.stg_shop__{table}") == expected
    assert required_only.scalar(f"select count(*) from staging.stg_shop__{table}_quarantine") == 0


def test_required_columns_only_defaults(required_only):
    assert required_only.query(
        "select order_id, customer_id, quantity, status, line_revenue, ordered_at "
        "from staging.stg_shop__order_lines order by order_id"
    ) == [
        ("o1", "Zoë", 1, "completed", 3.5, datetime(2024, 1, 5, 10)),
        ("o2", None, 1, "completed", 1, datetime(2024, 1, 6)),
    ]
    assert required_only.query("select event_type from staging.stg_shop__events order by 1") == [
        ("page_view",),
        ("search",),
    ]
    assert (
        required_only.scalar("select is_control from staging.stg_shop__campaign_touches") is False
    )


def test_bom_and_crlf_leave_no_trace_in_values(required_only):
    assert required_only.query(
        "select customer_id from staging.stg_shop__customers order by 1"
    ) == [("Zoë",), ("Łukasz",)]
    # The raw view as the reader gives it (clean lines keep no raw copy).
    read, leftovers = required_only.query(
        "select count(*), count(case when unit_price like '%\r%' "
        "or order_id like '\ufeff%' then 1 end) from raw.order_lines"
    )[0]
    assert (read, leftovers) == (2, 0)


def test_quoted_newline_in_a_field_is_read(build_warehouse, raw_dir):
    lines = (
        "order_id,customer_id,ordered_at,product_id,unit_price\n"
        'o1,c1,2024-01-05,"two\nlines",1\n'
        "o2,c1,2024-01-05,p1,1\n"
    )
    built = build_warehouse(
        raw_dir({"order_lines.csv": lines}),
        command=("run", "--select", "base_shop__order_lines", "stg_shop__order_lines"),
        name="quoted_newline",
    )
    assert built.query(
        "select product_id from staging.stg_shop__order_lines order by source_row_number"
    ) == [("two\nlines",), ("p1",)]
