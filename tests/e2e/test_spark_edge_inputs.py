"""Spark and DuckDB agree on the inputs the data contract allows beyond the demo.

A small shop derived from the demo (its first ``CUSTOMERS`` customers, their
orders, events and campaign touches, every product) is written the way real
exports arrive (docs/data-contract.md):

- order lines and events as batch folders, one hive-style ``month=YYYY-MM/``
  folder per month, each holding a CSV file and a Parquet file;
  customers, products and campaign touches as folders of one CSV and one
  Parquet file, campaigns as one CSV file;
- CSV timestamps taken as Europe/Berlin wall-clock times and written in
  rotating spellings: no offset, ``Z``, ``+01:00``/``+02:00``, ``+0100``,
  ``+01``, other zones, fractional seconds, no seconds, and (every 97th
  value) two spellings neither engine reads (lowercase ``z``, a space
  before the offset); a few orders moved onto the hours around the 2023
  and 2024 DST changes;
- typed Parquet columns: timestamps with a zone (instants) and without
  (wall-clock), integer quantities, double prices, decimal list prices,
  dates, booleans;
- exact duplicate rows, in one file and across batch files.

Rows the demo plants as unreadable (``soon``, ``10.79x``, ...) stay in the
CSV files. Both engines build with ``warehouse_time_zone: Europe/Berlin``;
every published table, every quarantine view and their union are compared
both ways with the tolerances of the demo parity test (``spark_tables``).

The same folders are also loaded over two runs on each engine (the last
months of order lines and events, and a late batch repeating rows of the
first run, added in the second, which scores with the first run's fits):
the published tables agree, so the incremental design works on Spark as it
does on DuckDB (docs/incremental.md). Skipped when Java or pyspark is
missing.
"""

from __future__ import annotations

import csv
import re
import shutil
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from spark_tables import SPARK_MISSING, build_on_spark, relation_columns, unequal_relations

from segwarehouse.dbt_runner import PROJECT_ROOT, run_dbt
from segwarehouse.publish import published_tables

if SPARK_MISSING:
    pytest.skip(f"Spark edge inputs: {SPARK_MISSING}", allow_module_level=True)

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
EDGE_VARS = {"warehouse_time_zone": "Europe/Berlin"}
BERLIN = ZoneInfo("Europe/Berlin")
CUSTOMERS = 300
NAIVE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
#: Instants around the Berlin DST changes (the fall-back hour happens twice).
DST_INSTANTS = [
    datetime(2023, 3, 26, 0, 30, tzinfo=UTC),
    datetime(2023, 3, 26, 1, 30, tzinfo=UTC),
    datetime(2023, 10, 29, 0, 15, tzinfo=UTC),
    datetime(2023, 10, 29, 1, 15, tzinfo=UTC),
    datetime(2023, 10, 28, 22, 45, tzinfo=UTC),
    datetime(2024, 3, 30, 23, 30, tzinfo=UTC),
    datetime(2024, 3, 31, 1, 0, tzinfo=UTC),
]
#: The quarantine views (schema staging) and their union (intermediate).
QUARANTINE = {
    **{
        f"stg_shop__{table}_quarantine": "staging"
        for table in (
            "order_lines",
            "customers",
            "products",
            "events",
            "campaigns",
            "campaign_touches",
        )
    },
    "int_quarantine_unioned": "intermediate",
}


def _minus_five(instant: datetime) -> str:
    return instant.astimezone(timezone(timedelta(hours=-5))).isoformat()


#: Spellings of one instant (Berlin wall clock ``local``, ``instant`` in UTC).
SPELLINGS = [
    lambda local, instant: local.strftime("%Y-%m-%d %H:%M:%S"),
    lambda local, instant: instant.strftime("%Y-%m-%dT%H:%M:%SZ"),
    lambda local, instant: local.isoformat(sep=" "),
    lambda local, instant: local.strftime("%Y-%m-%dT%H:%M:%S%z"),
    lambda local, instant: local.strftime("%Y-%m-%d %H:%M:%S%z")[:-2],
    lambda local, instant: _minus_five(instant),
    lambda local, instant: (
        instant.astimezone(timezone(timedelta(hours=5, minutes=30)))
        .replace(microsecond=250000)
        .isoformat(sep=" ")
    ),
    lambda local, instant: local.isoformat(sep=" ", timespec="minutes"),
    lambda local, instant: local.strftime("%Y-%m-%d %H:%M:%S"),
    lambda local, instant: instant.strftime("%Y-%m-%d %H:%M:%S+00:00"),
]
#: Read by neither engine (quarantined as bad_timestamp on both).
UNREAD_SPELLINGS = [
    lambda local, instant: instant.strftime("%Y-%m-%d %H:%M:%Sz"),
    lambda local, instant: local.strftime("%Y-%m-%d %H:%M:%S ") + local.strftime("%z"),
]


def plain_time(text: str) -> bool:
    """Whether ``text`` is a valid ``YYYY-MM-DD HH:MM:SS`` (the demo plants
    impossible dates too)."""
    if not NAIVE.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def instant_of(text: str) -> tuple[datetime, datetime]:
    """(Berlin wall clock, UTC instant) of a plain demo timestamp."""
    local = datetime.fromisoformat(text).replace(tzinfo=BERLIN)
    instant = local.astimezone(UTC)
    return instant.astimezone(BERLIN), instant


def spelled(text: str, position: int) -> str:
    """A clean naive timestamp in the spelling chosen by ``position``
    (every 97th in a spelling no engine reads); other text as it is."""
    if not plain_time(text):
        return text
    local, instant = instant_of(text)
    if position % 97 == 96:
        return UNREAD_SPELLINGS[position // 97 % len(UNREAD_SPELLINGS)](local, instant)
    return SPELLINGS[position % len(SPELLINGS)](local, instant)


def read_demo(table: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(DEMO_DIR / f"{table}.csv", newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def kept_customer(customer_id: str) -> bool:
    """The first CUSTOMERS customers, and every id that is not a demo id."""
    match = re.fullmatch(r"C(\d{6})", customer_id)
    return match is None or int(match.group(1)) <= CUSTOMERS


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_parquet(path: Path, header: list[str], rows: list[dict], types: dict) -> None:
    """``rows`` with the columns of ``types`` typed (values already
    converted; None for empty), the others as text (empty as None)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = {
        name: pa.array(
            [row[name] if name in types else (row[name] or None) for row in rows],
            types.get(name, pa.string()),
        )
        for name in header
    }
    pq.write_table(pa.table(columns), path)


def typed_time(text: str, with_zone: bool):
    """A naive demo timestamp as a Parquet value: the UTC instant (with a
    zone) or the wall clock (without)."""
    local, instant = instant_of(text)
    return instant if with_zone else local.replace(tzinfo=None)


def moved_to_dst(rows: list[dict], column: str, month: str) -> None:
    """Move the first rows of ``month`` onto the DST_INSTANTS of that month,
    written with their Berlin offset (kept as text, in the CSV file)."""
    walls = [
        wall
        for wall in (instant.astimezone(BERLIN) for instant in DST_INSTANTS)
        if wall.strftime("%Y-%m") == month
    ]
    chosen = [row for row in rows if row[column].startswith(month) and plain_time(row[column])]
    for row, wall in zip(chosen, walls, strict=False):
        row[column] = wall.isoformat(sep=" ")


def write_month_batches(raw: Path, table: str, column: str, rows, header, typer) -> None:
    """``rows`` as ``<table>/month=YYYY-MM/part-0.csv`` and ``part-1.parquet``:
    every other row that ``typer`` can type goes to Parquet (its timestamps
    with a zone in even months, wall clocks in odd ones); the rest to CSV,
    timestamps spelled. The first rows of each CSV file are repeated in it,
    and each month's first Parquet row in the Parquet file."""
    months: dict[str, list[dict]] = {}
    for row in rows:
        month = row[column][:7] if re.match(r"\d{4}-\d\d", row[column]) else "other"
        months.setdefault(month, []).append(row)
    position = 0
    for number, (month, month_rows) in enumerate(sorted(months.items())):
        text_rows, parquet_rows = [], []
        for index, row in enumerate(month_rows):
            typed = typer(row, number % 2 == 0) if index % 2 else None
            if typed is None:
                text_rows.append({**row, column: spelled(row[column], position)})
                position += 1
            else:
                parquet_rows.append(typed)
        text_rows += text_rows[:2]
        parquet_rows += parquet_rows[:1]
        folder = raw / table / f"month={month}"
        write_csv(folder / "part-0.csv", header, text_rows)
        if parquet_rows:
            write_parquet(folder / "part-1.parquet", header, parquet_rows, typer.types(number))


class OrderLineTyper:
    """Order lines with a plain timestamp, an integer (or empty) quantity
    and a plain price, typed for Parquet; None for the others."""

    def __call__(self, row: dict, with_zone: bool):
        if not (
            plain_time(row["ordered_at"])
            and re.fullmatch(r"-?\d*", row["quantity"])
            and NUMBER.fullmatch(row["unit_price"])
        ):
            return None
        return {
            **row,
            "ordered_at": typed_time(row["ordered_at"], with_zone),
            "quantity": int(row["quantity"]) if row["quantity"] else None,
            "unit_price": float(row["unit_price"]),
        }

    @staticmethod
    def types(number: int) -> dict:
        zone = "UTC" if number % 2 == 0 else None
        return {
            "ordered_at": pa.timestamp("us", tz=zone),
            "quantity": pa.int64(),
            "unit_price": pa.float64(),
        }


class EventTyper:
    """Events with a plain timestamp, typed for Parquet."""

    def __call__(self, row: dict, with_zone: bool):
        if not plain_time(row["occurred_at"]):
            return None
        return {**row, "occurred_at": typed_time(row["occurred_at"], with_zone)}

    @staticmethod
    def types(number: int) -> dict:
        return {"occurred_at": pa.timestamp("us", tz="UTC" if number % 2 == 0 else None)}


def write_split(raw: Path, table: str, header, rows, typer, types: dict, spelled_columns) -> None:
    """``rows`` as ``<table>/part-0.csv`` (every other row and those
    ``typer`` cannot type, ``spelled_columns`` spelled, the first row twice)
    and ``<table>/part-1.parquet`` (typed with ``types``)."""
    text_rows, parquet_rows = [], []
    for index, row in enumerate(rows):
        typed = typer(row) if index % 2 else None
        if typed is None:
            text_rows.append(
                {**row, **{column: spelled(row[column], index) for column in spelled_columns}}
            )
        else:
            parquet_rows.append(typed)
    write_csv(raw / table / "part-0.csv", header, [*text_rows, text_rows[0]])
    write_parquet(raw / table / "part-1.parquet", header, parquet_rows, types)


def customer_typed(row: dict):
    if not plain_time(row["signup_at"]) or not re.fullmatch(r"\d{4}-\d\d-\d\d|", row["birth_date"]):
        return None
    return {
        **row,
        "signup_at": typed_time(row["signup_at"], True),
        "birth_date": datetime.fromisoformat(row["birth_date"]).date()
        if row["birth_date"]
        else None,
    }


def product_typed(row: dict):
    if not NUMBER.fullmatch(row["list_price"]):
        return None
    return {**row, "list_price": Decimal(row["list_price"]).quantize(Decimal("0.01"))}


def touch_typed(row: dict):
    if not plain_time(row["touched_at"]) or row["is_control"] not in ("true", "false"):
        return None
    return {
        **row,
        "touched_at": typed_time(row["touched_at"], False),
        "is_control": row["is_control"] == "true",
    }


def write_edge_inputs(raw: Path) -> None:
    """The raw directory described in the module docstring."""
    header, order_lines = read_demo("order_lines")
    order_lines = [
        row
        for row in order_lines
        if (kept_customer(row["customer_id"]) and row["customer_id"])
        or (not row["customer_id"] and row["order_id"].endswith("7"))
    ]
    for month in ("2023-03", "2023-10", "2024-03"):
        moved_to_dst(order_lines, "ordered_at", month)
    write_month_batches(raw, "order_lines", "ordered_at", order_lines, header, OrderLineTyper())
    # The same lines again in a late batch: duplicates of rows of other files.
    write_csv(raw / "order_lines" / "month=late" / "part-0.csv", header, order_lines[5:200:20])

    header, events = read_demo("events")
    events = [
        row
        for row in events
        if (row["customer_id"] and kept_customer(row["customer_id"]))
        or (not row["customer_id"] and kept_customer("C" + row["anonymous_id"][1:]))
    ]
    write_month_batches(raw, "events", "occurred_at", events, header, EventTyper())

    header, customers = read_demo("customers")
    customers = [row for row in customers if kept_customer(row["customer_id"])]
    write_split(
        raw,
        "customers",
        header,
        customers,
        customer_typed,
        {"signup_at": pa.timestamp("us", tz="UTC"), "birth_date": pa.date32()},
        ["signup_at"],
    )

    header, products = read_demo("products")
    write_split(
        raw, "products", header, products, product_typed, {"list_price": pa.decimal128(10, 2)}, []
    )

    header, campaigns = read_demo("campaigns")
    write_csv(
        raw / "campaigns.csv",
        header,
        [
            {**row, "started_at": spelled(row["started_at"], index + 1)}
            for index, row in enumerate(campaigns)
        ],
    )

    header, touches = read_demo("campaign_touches")
    touches = [row for row in touches if kept_customer(row["customer_id"])]
    write_split(
        raw,
        "campaign_touches",
        header,
        touches,
        touch_typed,
        {"touched_at": pa.timestamp("us"), "is_control": pa.bool_()},
        ["touched_at"],
    )


@pytest.fixture(scope="module")
def edge_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("edge_raw")
    write_edge_inputs(raw)
    return raw


@pytest.fixture(scope="module")
def duckdb_edge(build_warehouse, edge_raw):
    """The DuckDB build of the edge inputs (models, seeds and data tests)."""
    return build_warehouse(edge_raw, dbt_vars=EDGE_VARS, name="edge")


@pytest.fixture(scope="module")
def spark_edge(tmp_path_factory, edge_raw) -> Path:
    """The Spark build's directory: ``warehouse/main.db`` and ``export/``
    (the quarantine views, written as Parquet)."""
    spark_dir = tmp_path_factory.mktemp("spark_edge")
    build_on_spark(
        spark_dir,
        edge_raw,
        EDGE_VARS,
        export={name: f"{schema}.{name}" for name, schema in QUARANTINE.items()},
    )
    return spark_dir


def test_edge_inputs_hold_what_they_should(duckdb_edge):
    """The input exercises what it claims: offsets converted across DST,
    typed Parquet read, duplicates and unread spellings quarantined."""
    reasons = dict(
        duckdb_edge.query(
            "select reason, sum(reason_rows) from main.data_quality_report"
            " where reason in ('duplicate_row', 'bad_timestamp') group by reason"
        )
    )
    assert reasons.get("duplicate_row", 0) >= 20, reasons
    assert reasons.get("bad_timestamp", 0) >= 5, reasons
    files = duckdb_edge.scalar(
        "select count(distinct source_file) from staging.base_shop__order_lines"
        " where source_file like '%.parquet'"
    )
    assert files >= 10
    fall_back = duckdb_edge.scalar(
        "select count(*) from staging.stg_shop__order_lines"
        " where ordered_at >= '2023-10-29 02:00' and ordered_at < '2023-10-29 03:00'"
    )
    assert fall_back >= 2


def published_pairs(connection, spark_dir: Path) -> dict[str, tuple[str, list, Path]]:
    """Each published table of the DuckDB build attached as ``build`` with its
    columns and the Spark build's table, as ``unequal_relations`` takes them."""
    return {
        table: (
            f"build.main.{table}",
            relation_columns(connection, "build", "main", table),
            spark_dir / "warehouse" / "main.db" / table,
        )
        for table in published_tables(connection, "build")
    }


def test_edge_tables_equal_on_spark_and_duckdb(duckdb_edge, spark_edge):
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"attach '{duckdb_edge.db_path}' as build (read_only)")
        compared = published_pairs(connection, spark_edge)
        compared |= {
            name: (
                f"build.{schema}.{name}",
                relation_columns(connection, "build", schema, name),
                spark_edge / "export" / name,
            )
            for name, schema in QUARANTINE.items()
        }
        unequal = unequal_relations(connection, compared)
    assert len(compared) >= 37
    assert not unequal, (
        f"{len(unequal)} of {len(compared)} relations differ between Spark and DuckDB: {unequal}"
    )


#: Order-line and event months the incremental Spark warehouse loads in its
#: second run (the last two of the data's history), with the late batch of
#: order lines that repeats rows loaded in the first run.
LATER_MONTHS = 2


def held_back(raw: Path, held: Path) -> None:
    """Move the later batches (:data:`LATER_MONTHS` and the late batch) of
    ``raw`` to ``held``."""
    for table in ("order_lines", "events"):
        months = sorted(
            folder.name
            for folder in (raw / table).iterdir()
            if re.fullmatch(r"month=\d{4}-\d\d", folder.name) and folder.name < "month=2025"
        )
        later = months[-LATER_MONTHS:] + (["month=late"] if table == "order_lines" else [])
        for month in later:
            (held / table).mkdir(parents=True, exist_ok=True)
            shutil.move(raw / table / month, held / table / month)


@pytest.fixture(scope="module")
def incremental_builds(tmp_path_factory, edge_raw, parsed_project) -> tuple[Path, Path]:
    """The edge folders loaded over two runs on each engine, into one DuckDB
    file and one Spark warehouse: first without the later batches, then with
    every file, scoring with the first run's fits (`refit: never`; two
    months later the default schedule would fit again). Returns (DuckDB
    file, Spark directory)."""
    work_dir = tmp_path_factory.mktemp("incremental_edge")
    (work_dir / "target").mkdir()
    shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)
    raw, held, spark_dir = work_dir / "raw", work_dir / "held", work_dir / "spark"
    shutil.copytree(edge_raw, raw)
    spark_dir.mkdir()
    held_back(raw, held)
    db_path = work_dir / "warehouse.duckdb"
    for run, run_vars in enumerate((EDGE_VARS, {**EDGE_VARS, "refit": "never"})):
        if run == 1:
            for folder in held.glob("*/*"):
                shutil.move(folder, raw / folder.parent.name / folder.name)
        result = run_dbt(
            ["build"], db_path=db_path, work_dir=work_dir, raw_path=raw, dbt_vars=run_vars
        )
        assert result.ok, result.output[-6000:]
        build_on_spark(spark_dir, raw, run_vars)
    return db_path, spark_dir


def test_incremental_builds_equal_on_spark_and_duckdb(incremental_builds):
    """With the full DuckDB build equal to the incremental one
    (tests/e2e/test_batch_folders.py), Spark's incremental runs are right too."""
    db_path, spark_dir = incremental_builds
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"attach '{db_path}' as build (read_only)")
        assert (
            connection.execute(
                "select count(*) from build.main.segment_runs where run_kind = 'scored'"
            ).fetchone()[0]
            == 1
        ), "the second run scores with the stored fits"
        compared = published_pairs(connection, spark_dir)
        unequal = unequal_relations(connection, compared)
    assert len(compared) >= 30
    assert not unequal, (
        f"{len(unequal)} of {len(compared)} published tables differ between the "
        f"incremental runs on Spark and on DuckDB: {unequal}"
    )
