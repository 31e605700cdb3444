"""The demo built on Spark gives the same published tables as on DuckDB.

The Spark build (``python -m segwarehouse.spark_build --command run``) runs in
a subprocess with its own temporary directory (Parquet tables, Derby catalog,
landing files). Its Parquet tables are read with DuckDB and compared with the
DuckDB build both ways (``spark_tables``): integers, text, booleans, dates and
timestamps exactly, decimals (money) to the cent, floating-point figures to
1e-9 relative (rows paired by their exact values). Binary columns hold a
pickled fitted model (propensity_model's ``fit`` row): the engines' features
agree to 1e-9, not to the bit, so the pickles differ in bytes; the tables are
compared on which rows have one, and the unpickled models are compared
attribute by attribute, floats to 1e-9 relative, everything else exactly.
Skipped when Java or pyspark is missing (pyspark comes with
requirements-spark.txt, not the test install).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from spark_tables import (
    BINARY_TYPES,
    SPARK_MISSING,
    build_on_spark,
    models_apart,
    relation_columns,
    unequal_relations,
)

from segwarehouse.publish import published_tables

if SPARK_MISSING:
    pytest.skip(f"Spark parity: {SPARK_MISSING}", allow_module_level=True)


@pytest.fixture(scope="module")
def spark_warehouse(tmp_path_factory) -> Path:
    """The ``main`` schema's directory of a Spark build of the demo data."""
    return build_on_spark(tmp_path_factory.mktemp("spark"))


@pytest.fixture(scope="module")
def duckdb_tables(demo_warehouse) -> dict[str, list[tuple[str, str]]]:
    """{published table: [(column, DuckDB type), ...]} of the DuckDB build."""
    database = demo_warehouse.db_path.stem
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as connection:
        return {
            name: relation_columns(connection, database, "main", name)
            for name in published_tables(connection, database)
        }


def test_spark_builds_every_published_table(spark_warehouse, duckdb_tables):
    missing = sorted(name for name in duckdb_tables if not (spark_warehouse / name).is_dir())
    assert not missing, f"published tables the Spark build did not write: {missing}"


def test_published_tables_equal_on_spark_and_duckdb(spark_warehouse, duckdb_tables, demo_warehouse):
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(f"attach '{demo_warehouse.db_path}' as build (read_only)")
        unequal = unequal_relations(
            connection,
            {
                table: (f"build.main.{table}", columns, spark_warehouse / table)
                for table, columns in duckdb_tables.items()
                if (spark_warehouse / table).is_dir()
            },
        )
    assert not unequal, f"tables that differ between the Spark and DuckDB builds: {unequal}"


def test_pickled_models_equal_on_spark_and_duckdb(spark_warehouse, duckdb_tables, demo_warehouse):
    binary = [
        (table, column)
        for table, columns in duckdb_tables.items()
        for column, kind in columns
        if kind.upper() in BINARY_TYPES
    ]
    assert binary, "no published binary column: the comparison of pickled models tests nothing"
    with duckdb.connect() as connection:
        connection.execute(f"attach '{demo_warehouse.db_path}' as build (read_only)")
        apart = {
            f"{table}.{column}": models_apart(
                connection,
                f"build.main.{table}",
                duckdb_tables[table],
                column,
                spark_warehouse / table,
            )
            for table, column in binary
        }
    assert not any(apart.values()), f"pickled models that differ between the builds: {apart}"
