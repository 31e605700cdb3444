"""The dbt Python models' steps on Spark (run by :mod:`segwarehouse.spark_build`).

dbt-spark runs dbt Python models only on Databricks, so on open-source Spark
the runner builds their tables here, with the same package code and the same
parameters (the model's ``config.meta``, from dbt's manifest):

- ``segment_model``: the fit sees the bounded sample (segment_training_sample,
  at most ``segment_sample_size`` rows), collected to the driver as the dbt
  model does; whether the run fits again or keeps the stored fit is decided
  as in the dbt model (:mod:`segwarehouse.refit`, docs/refits.md), from the
  table the previous run left;
- ``int_recommendations_ranked``: the item-to-item neighbours of each date
  are computed in Spark SQL with the arithmetic of
  :func:`segwarehouse.item_similarity.cosine_neighbours` (co-buying counts
  by a self-join over customers, the same double operations and rounding to
  1e-12 units, the same top-``neighbours`` order), so no step collects the
  customers on the driver; then every customer is scored on the executors:
  customers are split into blocks by a hash of their id and each block is
  ranked by :func:`segwarehouse.recommendations.rank_recommendations`
  against its date's neighbours (at most products x neighbours rows per
  date, shipped to every executor);
- ``propensity_model``: the stored fit (the table without its ``score``
  rows) or a new fit on the bounded labelled sample
  (int_propensity_customers_labelled, at most ``propensity_sample_size``
  rows, read only when the run fits) on the driver, as the dbt model
  decides (:func:`segwarehouse.propensity.dbt_model.fitted_or_stored`);
  scoring every current customer runs on the executors, batch by batch,
  with the fit shipped to them
  (:func:`segwarehouse.propensity.dbt_model.score_artifacts`).

Each step takes ``is_incremental``: False on ``--full-refresh``, which
always fits (the dbt models' ``dbt.is_incremental``).

Each table is written as ``<name>__next`` and only then swapped in for the
previous one, so a failed step leaves the last good table in place.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

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


def stored_artifacts(spark, name: str, skip_artifacts: tuple[str, ...] = ()) -> pa.Table | None:
    """The step's own table as the previous run left it, without the rows
    whose ``artifact`` is in ``skip_artifacts``; None when there is no table
    (the Spark counterpart of :func:`segwarehouse.refit.read_stored_artifacts`).
    Collected before the step writes anything, so replacing the table later
    cannot change what was read."""
    from pyspark.sql import functions as F

    if not table_exists(spark, name):
        return None
    frame = spark.table(name)
    if skip_artifacts:
        frame = frame.where(~F.col("artifact").isin(*skip_artifacts))
    return frame.toArrow()


def segment_step(spark, manifest, is_incremental: bool = True) -> None:
    """segment_model: fit on the bounded sample or keep the stored fit (the
    schedule decides); a refit keeps the previous run's ids."""
    from segwarehouse.segmentation import fit_segment_artifacts

    name = relation(manifest, "segment_model")
    previous = stored_artifacts(spark, name)
    sample = spark.table(relation(manifest, "segment_training_sample")).toArrow()
    as_of_date = first_value(spark, relation(manifest, "int_as_of_date"), "as_of_date")
    artifacts = fit_segment_artifacts(
        sample,
        meta(manifest, "segment_model", "segmentation"),
        previous,
        as_of_date,
        is_incremental,
    )
    replace_table(spark, spark.createDataFrame(artifacts), name)


def neighbours_sql(customer_products: str, neighbours: int | None, shrinkage: float) -> str:
    """Spark SQL of the top ``neighbours`` partners of every product per
    as_of_date of ``customer_products`` (as_of_date, customer_id,
    product_id): the rows, similarities and ``weight_units`` of
    :func:`segwarehouse.item_similarity.cosine_neighbours` on each date's
    rows (count / (sqrt(n_i) * sqrt(n_j) + shrinkage) in double, times 1e12,
    rounded half to even, at least 1; ties by partner id)."""
    kept = "" if neighbours is None else f"where position <= {int(neighbours)}"
    return f"""
with pairs as (
    select distinct as_of_date, customer_id, product_id from {customer_products}
),
customers_per_product as (
    select as_of_date, product_id, count(*) as customer_count
    from pairs group by as_of_date, product_id
),
co_bought as (
    select
        antecedent.as_of_date,
        antecedent.product_id as antecedent_id,
        consequent.product_id as consequent_id,
        count(*) as co_customers
    from pairs as antecedent
    inner join pairs as consequent
        on antecedent.as_of_date = consequent.as_of_date
        and antecedent.customer_id = consequent.customer_id
        and antecedent.product_id != consequent.product_id
    group by antecedent.as_of_date, antecedent.product_id, consequent.product_id
),
weighted as (
    select
        co_bought.as_of_date,
        co_bought.antecedent_id,
        co_bought.consequent_id,
        greatest(cast(rint(
            co_bought.co_customers / (
                sqrt(cast(antecedents.customer_count as double))
                * sqrt(cast(consequents.customer_count as double))
                + cast('{float(shrinkage)!r}' as double)
            ) * cast('1e12' as double)
        ) as bigint), 1) as weight_units
    from co_bought
    inner join customers_per_product as antecedents
        on co_bought.as_of_date = antecedents.as_of_date
        and co_bought.antecedent_id = antecedents.product_id
    inner join customers_per_product as consequents
        on co_bought.as_of_date = consequents.as_of_date
        and co_bought.consequent_id = consequents.product_id
),
ranked as (
    select *, row_number() over (
        partition by as_of_date, antecedent_id
        order by weight_units desc, consequent_id
    ) as position
    from weighted
)
select as_of_date, antecedent_id, consequent_id, weight_units from ranked {kept}
"""


def ranked_blocks(rules_by_date: dict, per_customer: int) -> Callable:
    """The function that ranks one block of customers of one date (an Arrow
    table of as_of_date, customer_id, product_id) against that date's
    neighbours in ``rules_by_date``, for ``applyInArrow``."""
    from segwarehouse.recommendations import rank_recommendations

    no_rules = pa.table(
        {"antecedent_id": [], "consequent_id": [], "weight_units": []},
        schema=pa.schema(
            [
                ("antecedent_id", pa.string()),
                ("consequent_id", pa.string()),
                ("weight_units", pa.int64()),
            ]
        ),
    )

    def rank(block: pa.Table) -> pa.Table:
        as_of_date = block["as_of_date"][0]
        ranked = rank_recommendations(
            block.select(["customer_id", "product_id"]),
            rules_by_date.get(as_of_date.as_py(), no_rules),
            per_customer,
        )
        dates = pa.array([as_of_date] * ranked.num_rows, block.schema.field("as_of_date").type)
        return ranked.add_column(0, "as_of_date", dates)

    return rank


def recommendation_step(spark, manifest, is_incremental: bool = True) -> None:
    """int_recommendations_ranked: neighbours in Spark SQL, customers ranked
    in blocks on the executors (a table: ``is_incremental`` does not apply)."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from segwarehouse.recommendations import (
        OUTPUT_SCHEMA,
        per_customer_from_config,
        similarity_params_from_config,
    )

    config = meta(manifest, "int_recommendations_ranked", "recommendations")
    per_customer = per_customer_from_config(config)
    neighbours, shrinkage = similarity_params_from_config(config)
    customer_products = relation(manifest, "int_customer_products_dated")
    rules = spark.sql(neighbours_sql(customer_products, neighbours, shrinkage)).toArrow()
    rules_by_date = {
        as_of_date: rules.filter(pc.equal(rules["as_of_date"], as_of_date))
        for as_of_date in pc.unique(rules["as_of_date"]).to_pylist()
    }
    customers = spark.table(customer_products).select("as_of_date", "customer_id", "product_id")
    block = F.pmod(F.xxhash64("customer_id"), F.lit(RECOMMENDATION_BLOCKS))
    schema = pa.schema([pa.field("as_of_date", pa.date32()), *OUTPUT_SCHEMA])
    ranked = customers.groupBy("as_of_date", block.alias("block")).applyInArrow(
        ranked_blocks(rules_by_date, per_customer), from_arrow_schema(schema)
    )
    replace_table(spark, ranked, relation(manifest, "int_recommendations_ranked"))


def scored_batches(fit, run_number: int) -> Callable:
    """The function that scores the Arrow batches of one partition of
    current customers with ``fit`` as run ``run_number``, for ``mapInArrow``."""
    from threadpoolctl import threadpool_limits

    from segwarehouse.propensity.dbt_model import score_artifacts

    def score(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        with threadpool_limits(limits=fit.params.n_threads):
            for batch in batches:
                yield from score_artifacts(fit, batch, run_number).to_batches()

    return score


class OnDemand:
    """A table read only when asked (``df()``, as a DuckDB relation): the
    labelled rows, which a scoring run does not read."""

    def __init__(self, read: Callable):
        self.read = read

    def df(self):
        return self.read()


def propensity_step(spark, manifest, is_incremental: bool = True) -> None:
    """propensity_model: fit on the driver or keep the stored fit (the
    schedule decides), score on the executors."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from segwarehouse.propensity import ARTIFACT_SCHEMA
    from segwarehouse.propensity.dbt_model import fitted_or_stored

    name = relation(manifest, "propensity_model")
    # The stored fit without its scores, as the dbt model reads it.
    stored = stored_artifacts(spark, name, skip_artifacts=("score",))
    labelled = relation(manifest, "int_propensity_customers_labelled")
    dates = dict(
        spark.table(relation(manifest, "int_as_of_dates"))
        .select("date_role", "as_of_date")
        .collect()
    )
    as_of_date, cutoff_date = dates["publication"], dates["propensity_training"]
    fit, fitted, run_number = fitted_or_stored(
        OnDemand(lambda: spark.table(labelled).toPandas()),
        meta(manifest, "propensity_model", "propensity"),
        as_of_date,
        cutoff_date,
        stored,
        is_incremental,
    )
    artifacts = spark.createDataFrame(fitted)
    if fit.status == "trained":
        customers = spark.table(relation(manifest, "int_propensity_customers_featured")).where(
            F.col("as_of_date") == F.lit(as_of_date)
        )
        scores = customers.mapInArrow(
            scored_batches(fit, run_number), from_arrow_schema(ARTIFACT_SCHEMA)
        )
        artifacts = artifacts.unionByName(scores)
    replace_table(spark, artifacts, name)


#: The steps in the order they may run (each reads only SQL models).
STEPS = {
    "int_recommendations_ranked": recommendation_step,
    "segment_model": segment_step,
    "propensity_model": propensity_step,
}


def run_python_steps(spark, manifest, names=tuple(STEPS), is_incremental: bool = True) -> bool:
    """Run the steps ``names`` (``is_incremental`` False: a full refresh);
    whether all succeeded (a failure is logged and leaves the step's previous
    table in place)."""
    for name in names:
        print(f"Spark Python step {name} ...", flush=True)
        try:
            STEPS[name](spark, manifest, is_incremental)
        except Exception as error:  # reported, then the build stops
            print(f"Spark Python step {name} failed: {error!r}", file=sys.stderr, flush=True)
            return False
    return True
