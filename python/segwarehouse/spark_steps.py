"""The dbt Python models' steps on Spark (run by :mod:`segwarehouse.spark_build`).

dbt-spark runs dbt Python models only on Databricks, so on open-source Spark
the runner builds their tables here, with the same package code and the same
parameters (the model's ``config.meta``, from dbt's manifest):

- ``segment_model``: the fit sees the bounded sample (segment_training_sample,
  at most ``segment_sample_size`` rows), collected to the driver as the dbt
  model does;
- ``int_recommendations_ranked``: every customer is scored, so the scoring
  runs on the executors: customers are split into blocks by a hash of their
  id and each block is ranked by :func:`segwarehouse.recommendations.rank_recommendations`
  against the rules (one row per product pair, shipped to every executor);
- ``propensity_model``: the fit sees the bounded labelled sample
  (int_propensity_customers_labelled, at most ``propensity_sample_size``
  rows) on the driver; scoring every current customer runs on the
  executors, batch by batch, with the fitted model shipped to them
  (:func:`segwarehouse.propensity.dbt_model.score_artifacts`).

Each table is written as ``<name>__next`` and only then swapped in for the
previous one, so a failed step leaves the last good table in place.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pyarrow as pa

#: Customers per block of the recommendation scoring on the executors.
RECOMMENDATION_BLOCKS = 64


def relation(manifest, name: str) -> str:
    """``schema.identifier`` of the model ``name`` in dbt's ``manifest``."""
    node = manifest.nodes[f"model.segments.{name}"]
    return f"{node.schema}.{node.alias}"


def meta(manifest, name: str, key: str) -> dict:
    """The model's ``config.meta[key]`` (the parameters its vars give)."""
    return dict(manifest.nodes[f"model.segments.{name}"].config.meta.get(key) or {})


def table_exists(spark, name: str) -> bool:
    """Whether the table ``schema.identifier`` exists in the catalog."""
    return spark.catalog.tableExists(name)


def replace_table(spark, frame, name: str) -> None:
    """Write ``frame`` as ``name`` (Parquet): first as ``name__next``, then
    drop the old table and rename the new one into its place."""
    staged = f"{name}__next"
    spark.sql(f"drop table if exists {staged}")
    frame.write.format("parquet").saveAsTable(staged)
    spark.sql(f"drop table if exists {name}")
    spark.sql(f"alter table {staged} rename to {name}")


def first_value(spark, name: str, column: str):
    """``column`` of the one row of a one-row relation (an as-of date)."""
    return spark.table(name).select(column).first()[0]


def segment_step(spark, manifest) -> None:
    """segment_model: fit on the bounded sample, keep the previous run's ids."""
    from segwarehouse.segmentation import fit_segment_artifacts

    name = relation(manifest, "segment_model")
    previous = spark.table(name).toArrow() if table_exists(spark, name) else None
    sample = spark.table(relation(manifest, "segment_training_sample")).toArrow()
    as_of_date = first_value(spark, relation(manifest, "int_as_of_date"), "as_of_date")
    artifacts = fit_segment_artifacts(
        sample, meta(manifest, "segment_model", "segmentation"), previous, as_of_date
    )
    replace_table(spark, spark.createDataFrame(artifacts), name)


def ranked_blocks(rules: pa.Table, per_customer: int) -> Callable:
    """The function that ranks one block of customers (an Arrow table of
    customer_id, product_id) against ``rules``, for ``applyInArrow``."""
    from segwarehouse.recommendations import rank_recommendations

    def rank(block: pa.Table) -> pa.Table:
        return rank_recommendations(
            block.select(["customer_id", "product_id"]), rules, per_customer
        )

    return rank


def recommendation_step(spark, manifest) -> None:
    """int_recommendations_ranked: rank blocks of customers on the executors."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from segwarehouse.recommendations import OUTPUT_SCHEMA, per_customer_from_config

    per_customer = per_customer_from_config(
        meta(manifest, "int_recommendations_ranked", "recommendations")
    )
    rules = spark.table(relation(manifest, "int_recommendation_rules")).select(
        "antecedent_id", "consequent_id", "weight_units"
    )
    customers = spark.table(relation(manifest, "int_customer_products_deduplicated")).select(
        "customer_id", "product_id"
    )
    block = F.pmod(F.xxhash64("customer_id"), F.lit(RECOMMENDATION_BLOCKS))
    ranked = customers.groupBy(block.alias("block")).applyInArrow(
        ranked_blocks(rules.toArrow(), per_customer), from_arrow_schema(OUTPUT_SCHEMA)
    )
    replace_table(spark, ranked, relation(manifest, "int_recommendations_ranked"))


def scored_batches(fit) -> Callable:
    """The function that scores the Arrow batches of one partition of
    current customers with ``fit``, for ``mapInArrow``."""
    from segwarehouse.propensity.dbt_model import score_artifacts

    def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            yield from score_artifacts(fit, batch).to_batches()

    return score


def propensity_step(spark, manifest) -> None:
    """propensity_model: fit on the driver, score on the executors."""
    from pyspark.sql.pandas.types import from_arrow_schema
    from threadpoolctl import threadpool_limits

    from segwarehouse.propensity import ARTIFACT_SCHEMA, PropensityParams
    from segwarehouse.propensity.dbt_model import fit_artifacts
    from segwarehouse.propensity.training import fit_propensity

    params = PropensityParams.from_mapping(meta(manifest, "propensity_model", "propensity"))
    labelled = spark.table(relation(manifest, "int_propensity_customers_labelled")).toPandas()
    with threadpool_limits(limits=params.n_threads):
        fit = fit_propensity(labelled, params)
    as_of_date = first_value(spark, relation(manifest, "int_as_of_date"), "as_of_date")
    cutoff_date = first_value(spark, relation(manifest, "int_as_of_date__training"), "as_of_date")
    artifacts = spark.createDataFrame(fit_artifacts(fit, params, as_of_date, cutoff_date))
    if fit.status == "trained":
        customers = spark.table(relation(manifest, "int_propensity_customers_featured"))
        scores = customers.mapInArrow(scored_batches(fit), from_arrow_schema(ARTIFACT_SCHEMA))
        artifacts = artifacts.unionByName(scores)
    replace_table(spark, artifacts, relation(manifest, "propensity_model"))


#: The steps in the order they may run (each reads only SQL models).
STEPS = {
    "int_recommendations_ranked": recommendation_step,
    "segment_model": segment_step,
    "propensity_model": propensity_step,
}


def run_python_steps(spark, manifest, names=tuple(STEPS)) -> bool:
    """Run the steps ``names``; whether all succeeded (a failure is logged
    and leaves the step's previous table in place)."""
    for name in names:
        print(f"Spark Python step {name} ...", flush=True)
        try:
            STEPS[name](spark, manifest)
        except Exception as error:  # reported, then the build stops
            print(f"Spark Python step {name} failed: {error!r}", file=sys.stderr, flush=True)
            return False
    return True
