"""The Spark steps of the fitted models follow the refit schedule (docs/refits.md).

``segment_step`` and ``propensity_step`` (segwarehouse.spark_steps) run on a
local Spark session against small tables, with a stand-in for dbt's manifest
(the models' relations and ``config.meta``), three times: the first run fits
(nothing stored), the second scores with the stored fit (same as-of date,
same parameters, refit ``auto``), the third is a full refresh and fits. Each
run's rows must carry the run number and the ``run`` row what the DuckDB
models record: run_kind, refit_reason, fit_run_number, fitted_as_of_date.
The scoring run of the propensity step must not read the labelled rows (the
test drops them first). Skipped when Java or pyspark is missing, like the
Spark parity test.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import sys
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
    pytest.skip(
        "Spark refits: needs Java 17 and pyspark (pip install -r requirements-spark.txt)",
        allow_module_level=True,
    )

from segwarehouse.spark_steps import propensity_step, segment_step

AS_OF = dt.date(2024, 12, 31)
CUTOFF = dt.date(2024, 12, 1)
SCHEDULE = {"refit": "auto", "refit_after_days": "30"}
SEGMENTATION = {"k_min": 2, "k_max": 4, "n_init": 2, "k": None, **SCHEDULE}
PROPENSITY = {"features": ["recency_days", "order_count"], "horizon_days": "30", **SCHEDULE}


def node(name: str, meta: dict | None = None) -> SimpleNamespace:
    return SimpleNamespace(schema="main", alias=name, config=SimpleNamespace(meta=meta or {}))


MANIFEST = SimpleNamespace(
    nodes={
        f"model.segments.{name}": node(name, meta)
        for name, meta in [
            ("segment_model", {"segmentation": SEGMENTATION}),
            ("propensity_model", {"propensity": PROPENSITY}),
            ("segment_training_sample", None),
            ("int_as_of_date", None),
            ("int_as_of_dates", None),
            ("int_propensity_customers_labelled", None),
            ("int_propensity_customers_featured", None),
        ]
    }
)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    warehouse = tmp_path_factory.mktemp("spark_refit")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("test_spark_refit")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sql("create database if not exists main")
    save(session, "int_as_of_date", pd.DataFrame({"as_of_date": [AS_OF]}))
    roles = {"date_role": ["publication", "propensity_training"], "as_of_date": [AS_OF, CUTOFF]}
    save(session, "int_as_of_dates", pd.DataFrame(roles))
    yield session
    session.stop()


def save(spark, name: str, frame: pd.DataFrame) -> None:
    spark.sql(f"drop table if exists main.{name}")
    spark.createDataFrame(frame).write.format("parquet").saveAsTable(f"main.{name}")


def customers(n: int, seed: int) -> pd.DataFrame:
    """Customers whose chance to buy falls with recency and rises with orders,
    with the BG/NBD summary (frequency, recency, t)."""
    rng = np.random.default_rng(seed)
    recency_days = rng.integers(1, 400, n).astype(float)
    orders = rng.poisson(3, n).astype(float) + 1
    span = np.where(orders > 1, rng.integers(1, 300, n), 0).astype(float)
    chance = 1 / (1 + np.exp(recency_days / 60 - 1.0 - 0.4 * orders))
    return pd.DataFrame(
        {
            "customer_id": [f"c{i:04d}" for i in range(n)],
            "recency_days": recency_days,
            "order_count": orders,
            "frequency": orders - 1,
            "recency": span,
            "t": span + recency_days,
            "has_purchased": rng.random(n) < chance,
        }
    )


def built(spark, step, name: str, is_incremental: bool) -> pd.DataFrame:
    """Run ``step`` as the Spark build does and read back the table ``name``."""
    step(spark, MANIFEST, is_incremental)
    return spark.table(f"main.{name}").toPandas()


def run_row(table: pd.DataFrame) -> pd.Series:
    runs = table[table["artifact"] == "run"]
    assert len(runs) == 1
    return runs.iloc[0]


def assert_run(table: pd.DataFrame, number: int, kind: str, reason: str, fit_number: int):
    assert (table["run_number"] == number).all()
    run = run_row(table)
    assert (run["run_kind"], run["refit_reason"]) == (kind, reason)
    assert run["fit_run_number"] == fit_number
    assert run["fitted_as_of_date"] == AS_OF


def without_run_labels(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``table`` but the ``run`` row, without run_number, in a fixed order."""
    kept = table[table["artifact"] != "run"].drop(columns=["run_number"])
    return kept.sort_values(list(kept.columns)).reset_index(drop=True)


def test_segment_step_scores_with_the_stored_fit_and_refits_on_full_refresh(spark):
    rng = np.random.default_rng(1)
    centres = np.repeat([[1.0, 10.0], [8.0, 200.0], [3.0, 900.0]], 40, axis=0)
    values = centres * rng.lognormal(0, 0.1, centres.shape)
    sample = pd.DataFrame(
        {
            "customer_id": [f"c{i:04d}" for i in range(len(values))],
            "order_count": values[:, 0],
            "total_revenue": values[:, 1],
        }
    )
    save(spark, "segment_training_sample", sample)

    def step(is_incremental: bool = True) -> pd.DataFrame:
        return built(spark, segment_step, "segment_model", is_incremental)

    fitted = step()
    assert_run(fitted, 1, "fitted", "no stored model", 1)
    scored = step()
    assert_run(scored, 2, "scored", "stored model 0 days old, within refit_after_days 30", 1)
    pd.testing.assert_frame_equal(without_run_labels(scored), without_run_labels(fitted))
    assert_run(step(is_incremental=False), 3, "fitted", "full refresh", 3)


def test_propensity_step_writes_the_fit_and_scores_with_it(spark):
    labelled = customers(400, seed=2)
    current = customers(150, seed=3).drop(columns=["has_purchased"])
    featured = pd.concat(
        [
            current.assign(as_of_date=AS_OF),
            current.head(20).assign(as_of_date=CUTOFF),  # another date: not scored
        ]
    )
    save(spark, "int_propensity_customers_featured", featured)
    save(spark, "int_propensity_customers_labelled", labelled)

    def step(is_incremental: bool = True) -> pd.DataFrame:
        return built(spark, propensity_step, "propensity_model", is_incremental)

    fitted = step()
    assert_run(fitted, 1, "fitted", "no stored model", 1)
    assert run_row(fitted)["status"] == "trained"
    fit_rows = fitted[fitted["artifact"] == "fit"]
    assert len(fit_rows) == 1 and fit_rows["model_state"].notna().all()
    scores = fitted[fitted["artifact"] == "score"].set_index("customer_id")
    assert sorted(scores.index) == sorted(current["customer_id"])

    # A scoring run reads the stored fit only: without the labelled rows.
    spark.sql("drop table main.int_propensity_customers_labelled")
    scored = step()
    assert_run(scored, 2, "scored", "stored model 0 days old, within refit_after_days 30", 1)
    rescored = scored[scored["artifact"] == "score"].set_index("customer_id")
    assert (
        rescored["purchase_probability"]
        .sort_index()
        .equals(scores["purchase_probability"].sort_index())
    )
    kept = scored[~scored["artifact"].isin(["run", "score"])]
    assert len(kept) == (~fitted["artifact"].isin(["run", "score"])).sum()

    save(spark, "int_propensity_customers_labelled", labelled)
    assert_run(step(is_incremental=False), 3, "fitted", "full refresh", 3)
