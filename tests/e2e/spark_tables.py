"""Build on Spark and compare its tables with a DuckDB build (Spark tests).

Shared by the Spark parity tests (``test_spark_parity.py`` on the demo,
``test_spark_edge_inputs.py`` on batch folders, offsets and typed Parquet).

:func:`build_on_spark` runs ``segwarehouse.spark_build`` in a subprocess with
its own directory (Parquet tables, Derby catalog, landing files) and can
export views (e.g. the quarantine views of schema ``staging``) as Parquet.
:func:`differences` compares one relation both ways: integers, text,
booleans, dates and timestamps exactly, decimals (money) to the cent,
floating-point figures to 1e-9 relative (rows paired by their exact values).
Binary columns hold a pickled fitted model: they are compared on which rows
have one, and :func:`models_apart` compares the unpickled models attribute
by attribute, floats to 1e-9 relative, everything else exactly.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

RELATIVE_TOLERANCE = 1e-9
#: Columns that identify the dbt invocation, different in any two builds.
RUN_IDENTIFIERS = {"dbt_invocation_id", "invocation_id"}
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")
BINARY_TYPES = ("BLOB",)
#: Why a Spark test is skipped, or None when Java and pyspark are there.
SPARK_MISSING = (
    "needs Java 17 and pyspark (pip install -r requirements-spark.txt)"
    if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None
    else None
)

#: Runs the Spark build in a fresh interpreter, then writes each relation
#: named in argv[5] (JSON {name: relation}) as Parquet under argv[4]/<name>
#: with the build's own session (views live only in the Derby catalog).
_BUILD_AND_EXPORT = """
import json, sys
from pathlib import Path
from segwarehouse.spark_build import build, spark_session
spark_dir, raw_path, dbt_vars, export_dir, relations = sys.argv[1:6]
if not build(Path(spark_dir), json.loads(dbt_vars), raw_path or None, "run"):
    sys.exit(1)
spark = spark_session(Path(spark_dir))
for name, relation in json.loads(relations).items():
    spark.table(relation).write.mode("overwrite").parquet(f"{export_dir}/{name}")
"""


def build_on_spark(
    spark_dir: Path,
    raw_path: Path | None = None,
    dbt_vars: dict | None = None,
    export: dict[str, str] | None = None,
) -> Path:
    """Build (``--command run``) into ``spark_dir`` and return the ``main``
    schema's directory; ``export`` ({name: schema.relation}) is written as
    Parquet under ``spark_dir / "export" / name``."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _BUILD_AND_EXPORT,
            str(spark_dir),
            str(raw_path or ""),
            json.dumps(dbt_vars or {}),
            str(spark_dir / "export"),
            json.dumps(export or {}),
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


def relation_columns(connection, database: str, schema: str, name: str) -> list[tuple[str, str]]:
    """[(column, DuckDB type), ...] of one relation, without the run identifiers."""
    return [
        (column, data_type)
        for column, data_type in connection.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_catalog = ? and table_schema = ? and table_name = ?"
            " order by ordinal_position",
            [database, schema, name],
        ).fetchall()
        if column not in RUN_IDENTIFIERS
    ]


def spark_table(path: Path) -> str:
    """A DuckDB relation over the Parquet files of one Spark table."""
    return f"read_parquet('{path}/**/*.parquet', hive_partitioning = true)"


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def comparable(column: str, data_type: str) -> str:
    """A column compared exactly: decimals (money) rounded to the cent,
    binary columns (pickled models, compared by :func:`models_apart`) by
    whether they are NULL, everything else cast to the DuckDB build's type."""
    if data_type.upper() in BINARY_TYPES:
        return f"{quoted(column)} is null as {quoted(column)}"
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


def differences(connection, duckdb_relation: str, columns, spark_path: Path) -> dict[str, int]:
    """Rows of one build without a twin in the other (same exact values,
    floats within RELATIVE_TOLERANCE), counted per side, and twins whose
    floats are further apart. ``duckdb_relation``: the relation's qualified
    name in ``connection``; ``columns``: its (column, DuckDB type) pairs."""
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
        f" from ({keyed(duckdb_relation, exact, floats)}) as duck"
        f" full join ({keyed(spark_table(spark_path), exact, floats)}) as spark"
        f" on {' and '.join([*on, 'duck.row_in_key = spark.row_in_key'])}"
    ).fetchone()
    return {"only_duckdb": only_duckdb, "only_spark": only_spark, "floats_apart": floats_apart}


def unequal_relations(connection, compared: dict[str, tuple[str, list, Path]]) -> dict:
    """{name: what differs} for ``compared`` ({name: (DuckDB relation,
    columns, Spark Parquet directory)}): a missing Spark table, other
    columns, or the counts of :func:`differences`. Equal relations are left
    out."""
    unequal = {}
    for name, (duckdb_relation, columns, spark_path) in compared.items():
        if not spark_path.is_dir():
            unequal[name] = "not written by the Spark build"
            continue
        spark_columns = {
            row[0]
            for row in connection.execute(
                f"describe select * from {spark_table(spark_path)}"
            ).fetchall()
        }
        spark_columns -= RUN_IDENTIFIERS
        if spark_columns != {column for column, _ in columns}:
            unequal[name] = f"columns differ: {sorted(spark_columns ^ {c for c, _ in columns})}"
            continue
        found = differences(connection, duckdb_relation, columns, spark_path)
        if any(found.values()):
            unequal[name] = found
    return unequal


def close(duck, spark) -> bool:
    """Whether two unpickled objects are equal: floats (also in NumPy arrays
    and pandas objects) to RELATIVE_TOLERANCE, everything else exactly,
    objects attribute by attribute."""
    if type(duck) is not type(spark):
        return False
    if isinstance(duck, (pd.Series, pd.DataFrame, pd.Index)):
        return close(duck.to_numpy(), spark.to_numpy()) and close(
            list(getattr(duck, "index", [])), list(getattr(spark, "index", []))
        )
    if isinstance(duck, np.ndarray):
        if duck.shape != spark.shape or duck.dtype != spark.dtype:
            return False
        if duck.dtype.kind in "fc":
            # Relative to the array's largest value: a fitted coefficient
            # near zero moves by as much as its neighbours (solver tolerance).
            if not np.array_equal(np.isnan(duck), np.isnan(spark)):
                return False
            duck, spark = np.nan_to_num(duck, nan=0.0), np.nan_to_num(spark, nan=0.0)
            scale = max(np.abs(duck).max(initial=0), np.abs(spark).max(initial=0))
            return bool(np.abs(duck - spark).max(initial=0) <= RELATIVE_TOLERANCE * scale)
        return all(close(a, b) for a, b in zip(duck.ravel(), spark.ravel(), strict=True))
    if isinstance(duck, (float, np.floating)):
        return (math.isnan(duck) and math.isnan(spark)) or math.isclose(
            duck, spark, rel_tol=RELATIVE_TOLERANCE
        )
    if isinstance(duck, (list, tuple)):
        return len(duck) == len(spark) and all(
            close(a, b) for a, b in zip(duck, spark, strict=True)
        )
    if isinstance(duck, dict):
        return duck.keys() == spark.keys() and all(close(duck[k], spark[k]) for k in duck)
    if hasattr(duck, "__dict__") and not isinstance(duck, type):
        return close(vars(duck), vars(spark))
    return bool(duck == spark)


def models_apart(connection, duckdb_relation: str, columns, column: str, spark_path: Path) -> int:
    """The pickled models of ``column`` that differ between the builds
    beyond the tolerance (rows paired in the order of the relation's other
    integer and text columns)."""
    keys = [quoted(c) for c, kind in columns if kind.upper() in ("VARCHAR", "BIGINT", "INTEGER")]
    order = f"order by {', '.join(keys)}" if keys else ""
    kept = f"select {quoted(column)} from {{}} where {quoted(column)} is not null {order}"
    duck = connection.execute(kept.format(duckdb_relation)).fetchall()
    spark = connection.execute(kept.format(spark_table(spark_path))).fetchall()
    if len(duck) != len(spark):
        return max(len(duck), len(spark))
    return sum(
        not close(pickle.loads(a), pickle.loads(b)) for (a,), (b,) in zip(duck, spark, strict=True)
    )
