"""Read what the report shows from a built (or published) warehouse, read-only.

Each loader returns small pandas DataFrames and raises :class:`MissingData`
with a sentence for the reader when the table it needs is not in the
warehouse (yet), so the report shows that panel as "not available" instead of
failing. Tables are read from schema ``main`` (the published marts).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

SCHEMA = "main"


class MissingData(LookupError):
    """A panel's table or columns are not in the warehouse; the message says which."""


def table_columns(connection: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of ``main.<table>`` (empty when there is no such table or view)."""
    rows = connection.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [SCHEMA, table],
    ).fetchall()
    return [name for (name,) in rows]


def require(connection: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> None:
    """Raise :class:`MissingData` unless ``main.<table>`` has all ``columns``."""
    present = table_columns(connection, table)
    if not present:
        raise MissingData(f"table {table} is not in this warehouse")
    missing = [column for column in columns if column not in present]
    if missing:
        raise MissingData(f"table {table} lacks column(s) {', '.join(missing)}")


def run_summary(connection: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Headline facts: as-of date, customers, segmentation run (what exists of them)."""
    summary: dict[str, object] = {}
    if table_columns(connection, "customer_rfm"):
        summary["customers_with_purchases"] = connection.execute(
            "select count(*) from main.customer_rfm"
        ).fetchone()[0]
    runs = table_columns(connection, "segment_runs")
    wanted = [c for c in ("as_of_date", "algorithm", "k", "silhouette") if c in runs]
    if "run_number" in runs and wanted:
        row = connection.execute(
            f"select {', '.join(wanted)} from main.segment_runs order by run_number desc limit 1"
        ).fetchone()
        if row:
            summary.update(zip(wanted, row, strict=True))
    return summary


def segment_sizes(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per segment: customers, revenue and their shares of all customers/revenue.

    Revenue is ``customer_rfm.total_revenue`` (net of returns) summed over the
    segment's customers; customers without a purchase count 0.
    """
    require(connection, "customer_segments", ["customer_id", "segment_id", "segment_name"])
    require(connection, "customer_rfm", ["customer_id", "total_revenue"])
    return connection.execute(
        """
        with per_segment as (
            select
                segments.segment_id,
                min(segments.segment_name) as segment_name,
                count(*) as customer_count,
                coalesce(sum(cast(rfm.total_revenue as double)), 0) as revenue
            from main.customer_segments as segments
            left join main.customer_rfm as rfm
                on segments.customer_id = rfm.customer_id
            group by segments.segment_id
        )
        select
            *,
            customer_count / sum(customer_count) over () as customer_share,
            coalesce(revenue / nullif(sum(revenue) over (), 0), 0) as revenue_share
        from per_segment
        order by segment_id
        """
    ).df()


def segment_centroids(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per segment and clustering feature: standardised and original centroid value."""
    columns = ["segment_id", "segment_name", "feature", "standardized_value", "original_value"]
    require(connection, "segment_centroids", columns)
    order = (
        "feature_position"
        if "feature_position" in table_columns(connection, "segment_centroids")
        else "feature"
    )
    return connection.execute(
        f"select {', '.join(columns)} from main.segment_centroids order by segment_id, {order}"
    ).df()


def rfm_grid(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per (r_score, f_score) cell: customers and their mean total revenue."""
    require(connection, "customer_rfm", ["r_score", "f_score", "total_revenue"])
    return connection.execute(
        """
        select
            r_score,
            f_score,
            count(*) as customer_count,
            avg(cast(total_revenue as double)) as mean_revenue
        from main.customer_rfm
        where r_score is not null and f_score is not null
        group by r_score, f_score
        order by r_score, f_score
        """
    ).df()


def clustering_features(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The clustering features, in the order the segmentation used them."""
    model_columns = table_columns(connection, "segment_model")
    if {"artifact", "feature", "feature_position"} <= set(model_columns):
        rows = connection.execute(
            "select feature from main.segment_model "
            "where artifact = 'preprocessing' order by feature_position, feature"
        ).fetchall()
        if rows:
            return [feature for (feature,) in rows]
    if table_columns(connection, "segment_centroids"):
        return list(segment_centroids(connection).drop_duplicates("feature")["feature"])
    raise MissingData("neither segment_model nor segment_centroids is in this warehouse")


def preprocessing(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """How the fit standardised each feature (impute, log1p, centre, scale), if stored."""
    columns = ["feature", "impute_value", "is_log1p", "center", "scale"]
    present = table_columns(connection, "segment_model")
    if not {"artifact", *columns} <= set(present):
        return None
    frame = connection.execute(
        f"select {', '.join(columns)} from main.segment_model where artifact = 'preprocessing'"
    ).df()
    return frame if len(frame) else None


def map_sample(
    connection: duckdb.DuckDBPyConnection, features: Sequence[str], sample_size: int
) -> pd.DataFrame:
    """A bounded, deterministic sample of customers with their features and segment.

    The sample is the first ``sample_size`` customers by ``md5(customer_id)``,
    so it does not depend on row order and is the same on every run.
    """
    require(connection, "customer_segments", ["customer_id", "segment_id", "segment_name"])
    require(connection, "customer_features", ["customer_id", *features])
    selected = ", ".join(f'cast(features."{name}" as double) as "{name}"' for name in features)
    return connection.execute(
        f"""
        select
            segments.customer_id,
            segments.segment_id,
            segments.segment_name,
            {selected}
        from main.customer_segments as segments
        inner join main.customer_features as features
            on segments.customer_id = features.customer_id
        order by md5(segments.customer_id), segments.customer_id
        limit ?
        """,
        [int(sample_size)],
    ).df()


def currency_label(connection: duckdb.DuckDBPyConnection) -> str:
    """The currency of the money figures (``money_currency``), else "currency units"."""
    if "currency_label" in table_columns(connection, "money_currency"):
        row = connection.execute("select currency_label from main.money_currency").fetchone()
        if row and row[0]:
            return str(row[0])
    return "currency units"


def top_product_pairs(connection: duckdb.DuckDBPyConnection, limit: int) -> pd.DataFrame:
    """The ``limit`` product pairs with the highest lift (ties: more orders first).

    ``product_a_name`` and ``product_b_name`` are the products' names where the
    warehouse has them, else NULL (an older warehouse without name columns).
    """
    columns = ["product_a", "product_b", "pair_orders", "support", "lift"]
    require(connection, "product_pairs", columns)
    present = table_columns(connection, "product_pairs")
    names = [
        name if name in present else f"cast(null as varchar) as {name}"
        for name in ("product_a_name", "product_b_name")
    ]
    return connection.execute(
        f"select {', '.join(columns + names)} from main.product_pairs where lift is not null "
        "order by lift desc, pair_orders desc, product_a, product_b limit ?",
        [int(limit)],
    ).df()


EVALUATION_METRICS = (
    "hit_rate_at_k",
    "recall_at_k",
    "precision_at_k",
    "ndcg_at_k",
    "map_at_k",
    "catalogue_coverage",
)


def recommendation_evaluation(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The recommendation backtest, one row per recommender, published one first."""
    columns = ["recommender", "is_published", "k", "cutoff_date", "customers_evaluated"]
    require(connection, "recommendation_evaluation", columns + list(EVALUATION_METRICS))
    return connection.execute(
        f"select {', '.join(columns + list(EVALUATION_METRICS))} "
        "from main.recommendation_evaluation order by is_published desc, recommender"
    ).df()


def top_product_rules(connection: duckdb.DuckDBPyConnection, limit: int) -> pd.DataFrame:
    """Each product's best rule (product_rules rank 1), the ``limit`` best by
    lift_lower_bound (ties: more baskets, then product_id)."""
    columns = [
        "product_id",
        "product_name",
        "partner_id",
        "partner_name",
        "pair_orders",
        "confidence",
        "lift",
        "lift_lower_bound",
    ]
    require(connection, "product_rules", [*columns, "rule_rank"])
    return connection.execute(
        f"select {', '.join(columns)} from main.product_rules where rule_rank = 1 "
        "order by lift_lower_bound desc, pair_orders desc, product_id limit ?",
        [int(limit)],
    ).df()


def segment_migrations(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Customers per (from, to) segment between two segmentation runs.

    Reads ``segment_migrations`` in either shape: one row per
    ``(segmentation, from_segment_id, to_segment_id)`` with names and run
    dates (the marketing mart), or plain ``(from_segment, to_segment,
    customer_count)``. Returns segmentation, from_key, from_label, to_key,
    to_label, customer_count and the run dates when known; a customer missing
    from one run has the key ``~`` and the label ``(not in run)``.
    """
    columns = set(table_columns(connection, "segment_migrations"))
    if {"from_segment_id", "to_segment_id", "customer_count"} <= columns:
        keys = ("from_segment_id", "to_segment_id")
        names = tuple(
            name if name in columns else key
            for name, key in zip(("from_segment_name", "to_segment_name"), keys, strict=True)
        )
    elif {"from_segment", "to_segment", "customer_count"} <= columns:
        keys = names = ("from_segment", "to_segment")
    else:
        reason = (
            f"table segment_migrations lacks the columns from_segment_id, to_segment_id, "
            f"customer_count (has {', '.join(sorted(columns))})"
            if columns
            else "table segment_migrations is not in this warehouse"
        )
        raise MissingData(
            f"No history yet: segment migration needs two segmentation runs ({reason})."
        )
    segmentation = "segmentation" if "segmentation" in columns else "'segment'"
    dates = [
        f"max({column}) as {column}" if column in columns else f"null as {column}"
        for column in ("from_run_date", "to_run_date")
    ]
    sides = []
    for side, key, name in zip(("from", "to"), keys, names, strict=True):
        sides.append(f"coalesce(cast({key} as varchar), '~') as {side}_key")
        sides.append(
            f"case when {key} is null then '(not in run)' "
            f"when cast({name} as varchar) = cast({key} as varchar) then cast({key} as varchar) "
            f"else cast({key} as varchar) || ' · ' || cast({name} as varchar) end as {side}_label"
        )
    frame = connection.execute(
        f"""
        select
            cast({segmentation} as varchar) as segmentation,
            {", ".join(sides)},
            sum(customer_count) as customer_count,
            {", ".join(dates)}
        from main.segment_migrations
        group by all
        order by all
        """
    ).df()
    if frame.empty:
        raise MissingData(
            "No history yet: segment_migrations is empty; it fills once the warehouse has "
            "been built for two as-of dates."
        )
    return frame


def segment_kpis(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``segment_kpis``: one row per segment, the total row last."""
    columns = [
        "segment_id",
        "segment_name",
        "is_total",
        "customer_count",
        "customer_share",
        "net_revenue",
        "revenue_share",
        "revenue_per_customer",
        "orders_per_customer",
        "average_order_value",
        "items_per_order",
        "return_rate",
        "median_recency_days",
        "repeat_customer_rate",
        "top_category",
    ]
    require(connection, "segment_kpis", columns)
    return connection.execute(
        f"select {', '.join(columns)} from main.segment_kpis order by is_total, segment_id"
    ).df()


def cohort_retention(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """``cohort_retention`` of all customers (segment_id ``total``)."""
    columns = [
        "cohort_month",
        "months_since_first_purchase",
        "cohort_customers",
        "active_customers",
        "retention_rate",
        "net_revenue",
    ]
    require(connection, "cohort_retention", ["segment_id", *columns])
    return connection.execute(
        f"select {', '.join(columns)} from main.cohort_retention where segment_id = 'total' "
        "order by cohort_month, months_since_first_purchase"
    ).df()


def rfm_segments(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per named RFM segment: customers, net revenue and their shares."""
    require(connection, "customer_rfm", ["rfm_segment", "total_revenue"])
    return connection.execute(
        """
        with per_segment as (
            select
                coalesce(rfm_segment, '(unscored)') as rfm_segment,
                count(*) as customer_count,
                sum(cast(total_revenue as double)) as revenue
            from main.customer_rfm
            group by 1
        )
        select
            *,
            customer_count / sum(customer_count) over () as customer_share,
            revenue / nullif(sum(revenue) over (), 0) as revenue_share
        from per_segment
        order by revenue desc, rfm_segment
        """
    ).df()


def data_quality(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per raw table with rows: raw, clean and quarantined rows, and the reasons seen."""
    columns = ["source_table", "reason", "raw_rows", "clean_rows", "quarantined_rows"]
    require(connection, "data_quality_report", [*columns, "reason_rows"])
    return connection.execute(
        """
        select
            source_table,
            max(raw_rows) as raw_rows,
            max(clean_rows) as clean_rows,
            max(quarantined_rows) as quarantined_rows,
            coalesce(string_agg(
                case when reason_rows > 0 then reason || ' ' || reason_rows end,
                ', ' order by reason_rows desc, reason
            ), '') as reasons
        from main.data_quality_report
        group by source_table
        having max(raw_rows) > 0
        order by max(raw_rows) desc, source_table
        """
    ).df()


def segmentation_notes(connection: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The latest run's k range, unbounded k and features left out (what exists of them)."""
    present = table_columns(connection, "segment_runs")
    wanted = [c for c in ("k", "k_min", "k_max", "unbounded_k", "dropped_features") if c in present]
    if "run_number" not in present or not wanted:
        return {}
    row = connection.execute(
        f"select {', '.join(wanted)} from main.segment_runs order by run_number desc limit 1"
    ).fetchone()
    return dict(zip(wanted, row, strict=True)) if row else {}


def profile_means(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], float]:
    """(segment_id, feature) -> segment_profiles.mean_<feature>, for the profile labels."""
    columns = table_columns(connection, "segment_profiles")
    means = [c for c in columns if c.startswith("mean_")]
    if "segment_id" not in columns or not means:
        return {}
    frame = connection.execute(
        f"select segment_id, {', '.join(means)} from main.segment_profiles"
    ).df()
    return {
        (row["segment_id"], column[len("mean_") :]): row[column]
        for _, row in frame.iterrows()
        for column in means
    }


def propensity_gains(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Cumulative share of buyers captured per decile and method of the propensity backtest."""
    columns = ["method", "is_published", "decile", "cumulative_share_of_customers"]
    columns.append("cumulative_share_of_buyers")
    require(connection, "propensity_gains", columns)
    return connection.execute(
        f"select {', '.join(columns)} from main.propensity_gains "
        "where cumulative_share_of_buyers is not null order by method, decile"
    ).df()


def propensity_calibration(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The published method's predicted and observed buy rate per probability bin."""
    columns = ["evaluation", "bin", "mean_predicted_probability", "observed_buy_rate"]
    require(connection, "propensity_calibration", [*columns, "is_published", "binning"])
    return connection.execute(
        f"select method, {', '.join(columns)} from main.propensity_calibration "
        "where is_published and binning = 'probability' order by evaluation desc, bin"
    ).df()
