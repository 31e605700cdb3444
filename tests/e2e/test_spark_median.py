"""``spark__median`` gives DuckDB's median() on Spark (macros/utils/median.sql).

The macro's SQL is rendered with Jinja alone (it uses no dbt context) and
run on a local Spark session over groups of decimals (money), integers and
doubles; DuckDB's median() of the same groups is the expected result: a
decimal midpoint rounded down to the cent, integers and doubles halfway.
Skipped when Java or pyspark is missing, like the Spark parity test.
"""

from __future__ import annotations

import importlib.util
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import jinja2
import pytest

if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
    pytest.skip(
        "Spark median: needs Java 17 and pyspark (pip install -r requirements-spark.txt)",
        allow_module_level=True,
    )

MACRO = Path(__file__).resolve().parents[2] / "macros" / "utils" / "median.sql"

#: (group, money, count, ratio): half-cent midpoints up and down, negatives,
#: odd and even sizes, a NULL, a single value.
ROWS = [
    ("up", "15.75", 1, 1.5),
    ("up", "15.76", 2, 2.25),
    ("negative", "-15.74", 3, -0.1),
    ("negative", "-15.75", 4, -0.7),
    ("across_zero", "-0.01", 5, 0.1),
    ("across_zero", "0.04", 8, 0.2),
    ("small", "0.01", 0, 1e-300),
    ("small", "0.04", 7, 3.0),
    ("odd", "2.00", 9, 0.3),
    ("odd", "1.00", 1, 0.1),
    ("odd", "7.31", 4, 0.2),
    ("with_null", None, None, None),
    ("with_null", "3.33", 3, 0.5),
    ("with_null", "3.36", 6, 0.75),
    ("single", "9.99", 2, 2.0),
]


def spark_median(expression: str) -> str:
    """The SQL of ``spark__median(expression)``."""
    return jinja2.Environment().from_string(MACRO.read_text()).module.spark__median(expression)


def medians_sql(relation: str, median) -> str:
    return (
        f"select grp, {median('money')} as money, {median('cnt')} as cnt,"
        f" {median('ratio')} as ratio from {relation} group by grp"
    )


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("test_spark_median")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    yield session
    session.stop()


def values_sql(rows) -> str:
    return ", ".join(
        "({}, {}, {}, {})".format(
            f"'{group}'",
            f"cast({money!r} as decimal(38, 2))" if money is not None else "null",
            f"cast({count} as int)" if count is not None else "null",
            f"cast('{ratio!r}' as double)" if ratio is not None else "null",
        )
        for group, money, count, ratio in rows
    )


def test_spark_median_equals_duckdb_median(spark):
    relation = f"(values {values_sql(ROWS)}) as t(grp, money, cnt, ratio)"
    expected = {
        row[0]: row[1:]
        for row in duckdb.sql(medians_sql(relation, lambda c: f"median({c})")).fetchall()
    }
    spark_rows = spark.sql(medians_sql(relation, spark_median)).collect()
    found = {row["grp"]: (row["money"], row["cnt"], row["ratio"]) for row in spark_rows}
    assert set(found) == set(expected)
    for group, (money, count, ratio) in found.items():
        assert (Decimal(money), count, ratio) == expected[group], group
    assert expected["up"][0] == Decimal("15.75")  # DuckDB rounds the midpoint down
