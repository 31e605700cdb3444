"""The demo built on Spark gives the same published tables as on DuckDB.

The Spark build (``python -m segwarehouse.spark_build --command run``) runs in
a subprocess with its own temporary directory (Parquet tables, Derby catalog,
landing files). Its Parquet tables are read with DuckDB and compared with the
DuckDB build both ways: integers, text, booleans, dates and
timestamps exactly, decimals (money) to the cent, floating-point figures to
1e-9 relative (rows paired by their exact values). Skipped when Java or pyspark is
missing (pyspark comes with requirements-spark.txt, not the test install).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from segwarehouse.publish import published_tables

if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
    pytest.skip(
        "Spark parity: needs Java 17 and pyspark (pip install -r requirements-spark.txt)",
        allow_module_level=True,
    )

RELATIVE_TOLERANCE = 1e-9
#: Columns that identify the dbt invocation, different in any two builds.
RUN_IDENTIFIERS = {"dbt_invocation_id", "invocation_id"}
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


@pytest.fixture(scope="module")
def spark_warehouse(tmp_path_factory) -> Path:
    """The ``main`` schema's directory of a Spark build of the demo data."""
    spark_dir = tmp_path_factory.mktemp("spark")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "segwarehouse.spark_build",
            "--spark-dir",
            str(spark_dir),
            "--command",
            "run",
        ],
        cwd=spark_dir,
        env={
            **os.environ,
            "SEGMENTS_SPARK_DIR": str(spark_dir),
            "DBT_TARGET_PATH": str(spark_dir / "target"),
        },
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    return spark_dir / "warehouse" / "main.db"


@pytest.fixture(scope="module")
def duckdb_tables(demo_warehouse) -> dict[str, list[tuple[str, str]]]:
    """{published table: [(column, DuckDB type), ...]} of the DuckDB build."""
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        names = published_tables(connection, demo_warehouse.db_path.stem)
        return {
            name: [
                (column, data_type)
                for column, data_type in connection.execute(
                    "select column_name, data_type from information_schema.columns"
                    " where table_schema = 'main' and table_name = ? order by ordinal_position",
                    [name],
                ).fetchall()
                if column not in RUN_IDENTIFIERS
            ]
            for name in names
        }


def spark_table(path: Path) -> str:
    """A DuckDB relation over the Parquet files of one Spark table."""
    return f"read_parquet('{path}/**/*.parquet', hive_partitioning = true)"


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def comparable(column: str, data_type: str) -> str:
    """A column compared exactly: decimals (money) rounded to the cent,
    everything else cast to the DuckDB build's type."""
    if data_type.upper().startswith("DECIMAL"):
        return f"round({quoted(column)}, 2) as {quoted(column)}"
    return f"cast({quoted(column)} as {data_type}) as {quoted(column)}"


def keyed(source: str, exact: list[tuple[str, str]], floats: list[str]) -> str:
    """``source`` with its exact columns, its float columns as double and
    ``row_in_key``: the row's number among the rows with the same exact
    values, by its float values (pairs each row with its twin)."""
    select = [comparable(column, data_type) for column, data_type in exact]
    select += [f"cast({quoted(column)} as double) as {quoted(column)}" for column in floats]
    partition = ", ".join(quoted(column) for column, _ in exact) or "true"
    order = ", ".join(quoted(column) for column in floats) or "true"
    return (
        f"select *, row_number() over (partition by {partition} order by {order})"
        f" as row_in_key from (select {', '.join(select)} from {source})"
    )


def differences(connection, table: str, columns, spark_path: Path) -> dict[str, int]:
    """Rows of one build without a twin in the other (same exact values,
    floats within RELATIVE_TOLERANCE), counted per side, and twins whose
    floats are further apart."""
    exact = [(column, kind) for column, kind in columns if kind.upper() not in FLOAT_TYPES]
    floats = [column for column, kind in columns if kind.upper() in FLOAT_TYPES]
    on = [f"duck.{quoted(c)} is not distinct from spark.{quoted(c)}" for c, _ in exact]
    apart = [
        f"not (duck.{quoted(c)} is not distinct from spark.{quoted(c)}"
        f" or abs(duck.{quoted(c)} - spark.{quoted(c)})"
        f" <= {RELATIVE_TOLERANCE} * greatest(abs(duck.{quoted(c)}), abs(spark.{quoted(c)})))"
        for c in floats
    ]
    both = "duck.row_in_key is not null and spark.row_in_key is not null"
    only_duckdb, only_spark, floats_apart = connection.execute(
        "select count(*) filter (where spark.row_in_key is null),"
        " count(*) filter (where duck.row_in_key is null),"
        f" count(*) filter (where {both} and ({' or '.join(apart) or 'false'}))"
        f" from ({keyed(f'build.main.{table}', exact, floats)}) as duck"
        f" full join ({keyed(spark_table(spark_path), exact, floats)}) as spark"
        f" on {' and '.join([*on, 'duck.row_in_key = spark.row_in_key'])}"
    ).fetchone()
    return {"only_duckdb": only_duckdb, "only_spark": only_spark, "floats_apart": floats_apart}


def test_spark_builds_every_published_table(spark_warehouse, duckdb_tables):
    missing = sorted(name for name in duckdb_tables if not (spark_warehouse / name).is_dir())
    assert not missing, f"published tables the Spark build did not write: {missing}"


def test_published_tables_equal_on_spark_and_duckdb(spark_warehouse, duckdb_tables, demo_warehouse):
    unequal = {}
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"attach '{demo_warehouse.db_path}' as build (read_only)")
        for table, columns in duckdb_tables.items():
            spark_path = spark_warehouse / table
            if not spark_path.is_dir():
                continue
            spark_columns = {
                row[0]
                for row in connection.execute(
                    f"describe select * from {spark_table(spark_path)}"
                ).fetchall()
            }
            spark_columns -= RUN_IDENTIFIERS
            if spark_columns != {column for column, _ in columns}:
                unequal[table] = (
                    f"columns differ: {sorted(spark_columns ^ {c for c, _ in columns})}"
                )
                continue
            found = differences(connection, table, columns, spark_path)
            if any(found.values()):
                unequal[table] = found
    assert not unequal, f"tables that differ between the Spark and DuckDB builds: {unequal}"
