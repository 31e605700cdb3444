"""Build the warehouse on Apache Spark (``make run-spark``, docs/spark.md).

dbt-spark cannot run dbt Python models on open-source Spark, and a dbt macro
cannot read raw CSV files with our own record reader. So a Spark build is
this runner, in one process and one Spark session (dbt's ``session`` method
attaches to the session this module creates):

1. land the raw directory (:mod:`segwarehouse.spark_raw`);
2. ``dbt build --target spark`` of every node that is not a Python model nor
   downstream of one;
3. each Python step in DAG order (:mod:`segwarehouse.spark_steps`): read its
   bounded input through the session, call the same package code as the dbt
   Python model, write the artifact table;
4. ``dbt build`` of the rest.

Usage::

    python -m segwarehouse.spark_build [--raw-path DIR] [--vars YAML] [--spark-dir DIR]
        [--command build|run|test] [--full-refresh]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from segwarehouse.dbt_runner import DEMO_DATA, PROJECT_ROOT
from segwarehouse.spark_raw import land_raw_directory

#: The dbt Python models; on Spark they are built by segwarehouse.spark_steps.
PYTHON_MODELS = ("int_recommendations_ranked", "segment_model", "propensity_model")


def spark_session(spark_dir: Path):
    """The Spark session of this build, configured as the profile's spark
    target (dbt's session method then reuses it)."""
    from pyspark.sql import SparkSession

    os.environ["SEGMENTS_SPARK_DIR"] = str(spark_dir)
    # Python workers (the steps' Arrow UDFs) run in this interpreter's venv.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(os.environ.get("SEGMENTS_SPARK_MASTER", "local[*]"))
        .appName("segments")
        .config("spark.sql.warehouse.dir", f"{spark_dir}/warehouse")
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={spark_dir}/metastore_db;create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_dir}")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        # Local mode runs the executors inside the driver's JVM: its heap is
        # the build's memory (ignored when the JVM is already running).
        .config("spark.driver.memory", os.environ.get("SEGMENTS_SPARK_DRIVER_MEMORY", "4g"))
        .config(
            "spark.sql.shuffle.partitions", os.environ.get("SEGMENTS_SPARK_SHUFFLE_PARTITIONS", "4")
        )
        .enableHiveSupport()
        .getOrCreate()
    )


def raw_directory(raw_path: str | None, dbt_vars: dict) -> Path:
    """The raw directory with the project's precedence (var, env, demo)."""
    chosen = raw_path or dbt_vars.get("raw_path") or os.environ.get("SEGMENTS_RAW_PATH") or ""
    return (Path(chosen) if chosen.strip() else PROJECT_ROOT / DEMO_DATA).resolve()


class Dbt:
    """dbt commands on the spark target in this process, sharing one parse."""

    def __init__(self, dbt_vars: dict, work_dir: Path):
        from dbt.cli.main import dbtRunner

        project = str(PROJECT_ROOT)
        self.options = [
            *("--target", "spark", "--vars", json.dumps(dbt_vars)),
            *("--project-dir", project, "--profiles-dir", project),
            *("--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")),
        ]
        parsed = dbtRunner().invoke(["parse", *self.options])
        if not parsed.success:
            raise RuntimeError(f"dbt parse failed: {parsed.exception}")
        self.manifest = parsed.result
        self.runner = dbtRunner(manifest=self.manifest)

    def invoke(self, args: list[str]) -> bool:
        """``dbt <args>``; whether it succeeded."""
        return bool(self.runner.invoke([*args, *self.options]).success)


def build(
    spark_dir: Path,
    dbt_vars: dict,
    raw_path: str | None = None,
    command: str = "build",
    full_refresh: bool = False,
) -> bool:
    """Land, build the SQL nodes, run the Python steps, build the rest
    (``full_refresh``: dbt's ``--full-refresh``, and the steps fit again)."""
    from segwarehouse.spark_steps import run_python_steps

    spark_dir.mkdir(parents=True, exist_ok=True)
    raw_dir = raw_directory(raw_path, dbt_vars)
    dbt_vars = {**dbt_vars, "raw_path": str(raw_dir)}
    spark = spark_session(spark_dir)
    land_raw_directory(spark, raw_dir, spark_dir / "landing")
    dbt = Dbt(dbt_vars, spark_dir)
    if command == "test":
        return dbt.invoke(["test"])
    after_python = " ".join(f"{name}+" for name in PYTHON_MODELS)
    refresh = ["--full-refresh"] if full_refresh else []
    if command == "run" and not dbt.invoke(["seed", *refresh]):
        return False
    if not dbt.invoke([command, *refresh, "--exclude", after_python]):
        return False
    if not run_python_steps(spark, dbt.manifest, is_incremental=not full_refresh):
        return False
    return dbt.invoke([command, *refresh, "--select", after_python, "--exclude", *PYTHON_MODELS])


def main(argv: list[str] | None = None) -> int:
    import yaml

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-path", help="raw data directory (default: var/env/demo)")
    parser.add_argument("--vars", default="{}", help="dbt vars (YAML)")
    parser.add_argument(
        "--spark-dir",
        default=os.environ.get("SEGMENTS_SPARK_DIR", "spark"),
        help="directory of the Parquet tables, the catalog and the landing files",
    )
    parser.add_argument(
        "--command",
        default="build",
        choices=["build", "run", "test"],
        help="build: models and tests; run: seeds and models only (faster); "
        "test: the data tests and unit tests of tables already built in --spark-dir",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="dbt's --full-refresh: rebuild incremental models; the fitted models fit again",
    )
    args = parser.parse_args(argv)
    ok = build(
        Path(args.spark_dir).resolve(),
        yaml.safe_load(args.vars) or {},
        args.raw_path,
        args.command,
        args.full_refresh,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
