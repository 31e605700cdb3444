"""The Spark side of the benchmark (``--target spark``, segwarehouse.benchmark.spark).

No Spark needed: the command line is checked as text and the row counts are
read from Parquet files laid out as a Spark build writes them.
"""

from __future__ import annotations

import duckdb

from segwarehouse.benchmark.__main__ import parse_args
from segwarehouse.benchmark.runner import BenchmarkConfig, reproduce_command
from segwarehouse.benchmark.spark import parquet_row_counts, spark_command


def test_contract_tables_are_counted_from_the_spark_parquet_files(tmp_path):
    table = tmp_path / "warehouse" / "main.db" / "customer_rfm"
    (table / "as_of_date=2024-01-31").mkdir(parents=True)
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select range as customer_id from range(3)) to '{table}/part-0.parquet'"
        )
        connection.execute(
            "copy (select range as customer_id from range(2))"
            f" to '{table}/as_of_date=2024-01-31/part-1.parquet'"
        )
    counts = parquet_row_counts(tmp_path, tables=("customer_rfm", "product_pairs"))
    assert counts == {"customer_rfm": 5, "product_pairs": None}


def test_spark_build_command_runs_models_and_tests_unless_skipped(tmp_path):
    with_tests = spark_command(tmp_path / "data", tmp_path / "spark", dbt_tests=True)
    assert with_tests[1:] == [
        "-m",
        "segwarehouse.spark_build",
        "--raw-path",
        str(tmp_path / "data"),
        "--spark-dir",
        str(tmp_path / "spark"),
        "--command",
        "build",
    ]
    assert spark_command(tmp_path, tmp_path, dbt_tests=False)[-1] == "run"


def test_target_option_reaches_the_config_and_the_reproduce_command():
    assert parse_args(["--scale", "1M"]).target == "duckdb"
    assert parse_args(["--scale", "1M", "--target", "spark"]).target == "spark"
    config = BenchmarkConfig(order_lines=1_000_000, scale="1M", memory_limit="8GB")
    assert "--target" not in reproduce_command(config)
    config.target = "spark"
    assert reproduce_command(config).endswith("--target spark")
