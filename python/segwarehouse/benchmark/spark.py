"""The Spark build of a benchmark run (``--target spark``, docs/spark.md).

The same generated data is built a second time with ``python -m
segwarehouse.spark_build`` (local Spark, Parquet tables in the run's work
directory), measured like the DuckDB build, and its contract tables are
counted from their Parquet files so that the two builds can be compared.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb

from . import dbt_results
from .measure import run_measured


def spark_command(data_dir: Path, spark_dir: Path, dbt_tests: bool) -> list[str]:
    """The command line of the measured Spark build."""
    return [
        sys.executable,
        *("-m", "segwarehouse.spark_build"),
        *("--raw-path", str(data_dir), "--spark-dir", str(spark_dir)),
        *("--command", "build" if dbt_tests else "run"),
    ]


def parquet_row_counts(
    spark_dir: Path, tables=dbt_results.CONTRACT_TABLES
) -> dict[str, int | None]:
    """Rows of each contract table of a Spark build (None when it was not written)."""
    counts: dict[str, int | None] = {}
    with duckdb.connect() as connection:
        for table in tables:
            path = spark_dir / "warehouse" / "main.db" / table
            counts[table] = (
                connection.execute(
                    f"select count(*) from read_parquet('{path}/**/*.parquet')"
                ).fetchone()[0]
                if path.is_dir()
                else None
            )
    return counts


def run_spark_build(
    work_dir: Path, data_dir: Path, *, dbt_tests: bool, timeout: float | None = None
) -> dict:
    """Build ``data_dir`` on local Spark into ``work_dir/spark``; the record
    of the build (time, memory, contract table rows)."""
    spark_dir = work_dir / "spark"
    log_path = work_dir / "spark_build.log"
    measurement = run_measured(
        spark_command(data_dir, spark_dir, dbt_tests),
        env={
            **os.environ,
            "SEGMENTS_SPARK_DIR": str(spark_dir),
            "DBT_TARGET_PATH": str(spark_dir / "target"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
        cwd=work_dir,
        stdout_path=log_path,
        timeout=timeout,
    )
    ok = measurement.returncode == 0
    return {
        "command": "spark_build --command " + ("build" if dbt_tests else "run"),
        "master": os.environ.get("SEGMENTS_SPARK_MASTER", "local[*]"),
        "driver_memory": os.environ.get("SEGMENTS_SPARK_DRIVER_MEMORY", "4g"),
        "returncode": measurement.returncode,
        "ok": ok,
        "wall_seconds": round(measurement.wall_seconds, 3),
        "cpu_seconds": measurement.cpu_seconds,
        "peak_tree_rss_bytes": measurement.peak_tree_rss_bytes,
        "row_counts": parquet_row_counts(spark_dir),
        "log": str(log_path),
        "log_tail": "" if ok else log_path.read_text(errors="replace")[-4000:],
    }
