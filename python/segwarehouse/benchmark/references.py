"""Reference implementations the warehouse is measured against, on the same raw files.

- ``floor``: one DuckDB query scanning ``order_lines`` and summing revenue per
  customer. No pipeline that reads the file can beat it.
- ``rfm_sql``, ``pairs_sql``, ``pairs_sql_naive``: what a careful analyst would
  write by hand in DuckDB to get the same ``customer_rfm`` and
  ``product_pairs`` from the raw file, cleaning included (same quarantine
  rules, so the results can be compared row for row): exact duplicates
  dropped with ``distinct``, no intermediate tables. ``pairs_sql`` prunes
  items below the thresholds before the self-join (Apriori), the naive one
  does not.
- ``rfm_pandas``, ``pairs_pandas``, ``kmeans_sklearn``: the seeds' approach,
  pandas + scikit-learn. k-means fits *all* customers on the clustering
  features of ``customer_features`` (read from the built warehouse; the
  feature engineering itself is not redone in pandas) with the k the
  warehouse chose.

Each reference runs in its own process (``python -m
segwarehouse.benchmark.references NAME ...``) so that its memory is measured
alone; the timed part excludes interpreter start-up and imports. Every
reference returns :data:`CHECKS` figures for the comparison with the warehouse.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb
import yaml

from ..dbt_runner import PROJECT_ROOT

ORDER_LINE_COLUMNS = (
    "order_id",
    "customer_id",
    "ordered_at",
    "product_id",
    "quantity",
    "unit_price",
    "status",
    "channel",
)

#: Figures compared between a reference's result and the warehouse table.
CHECKS = {
    "rfm": """
        select
            count(*) as row_count,
            sum(order_count) as order_count_sum,
            sum(cast(total_revenue as double)) as total_revenue_sum,
            sum(recency_days) as recency_days_sum,
            sum(frequency) as frequency_sum,
            sum(recency) as recency_sum,
            sum(t) as t_sum,
            sum(monetary_value) as monetary_value_sum,
            sum(r_score * 100 + f_score * 10 + m_score) as score_sum,
            count(distinct rfm_segment) as segment_names
        from {table}
    """,
    "pairs": """
        select
            count(*) as row_count,
            sum(pair_orders) as pair_orders_sum,
            sum(orders_a) as orders_a_sum,
            sum(orders_b) as orders_b_sum,
            sum(support) as support_sum,
            sum(confidence_a_b) as confidence_a_b_sum,
            sum(lift) as lift_sum
        from {table}
    """,
    "floor": """
        select
            count(customer_id) as customer_count,
            sum(revenue) as revenue_sum
        from {table}
    """,
}

#: Reference name -> the CHECKS kind and the warehouse table it reproduces.
REFERENCES = {
    "floor": ("floor", None),
    "rfm_sql": ("rfm", "customer_rfm"),
    "pairs_sql": ("pairs", "product_pairs"),
    "pairs_sql_naive": ("pairs", "product_pairs"),
    "rfm_pandas": ("rfm", "customer_rfm"),
    "pairs_pandas": ("pairs", "product_pairs"),
    "kmeans_sklearn": (None, "customer_segments"),
}


def project_vars() -> dict:
    """The ``vars`` of ``dbt_project.yml`` (the defaults a plain build uses)."""
    return yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text()).get("vars", {}) or {}


def pair_thresholds(variables: dict | None = None) -> tuple[int, float]:
    """``(min_pair_orders, min_support)`` from the project vars."""
    variables = project_vars() if variables is None else variables
    return int(variables.get("min_pair_orders", 2)), float(variables.get("min_support") or 0)


def order_lines_file(data_dir: Path) -> Path:
    """The raw order-lines file (Parquet or CSV) of ``data_dir``."""
    for suffix in (".parquet", ".csv"):
        path = Path(data_dir) / f"order_lines{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(f"no order_lines.parquet or order_lines.csv in {data_dir}")


def _reader_sql(path: Path) -> str:
    quoted = "'" + str(path).replace("'", "''") + "'"
    if path.suffix == ".csv":
        return f"read_csv({quoted}, header = true, all_varchar = true)"
    return f"read_parquet({quoted})"


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def clean_lines_sql(path: Path) -> str:
    """CTEs ``raw_lines`` .. ``clean_lines``: the usable order lines of the raw file.

    The quarantine rules of ``stg_shop__order_lines_validated`` written
    directly: exact duplicates dropped (``distinct``), missing or unparseable
    order id, timestamp or price, negative price, unknown status, and
    timestamps beyond the end of the bulk plus 30 days (the bulk runs from
    the median up to the first gap of more than 30 days between dates with
    data; computed, like the model, over every raw row).
    """
    columns = ", ".join(f"cast({name} as varchar) as {name}" for name in ORDER_LINE_COLUMNS)
    return f"""
raw_lines as (
    select {columns} from {_reader_sql(path)}
),
future_cutoff as (
    with
    stamps as (
        select try_cast(nullif(trim(ordered_at), '') as timestamp) as ordered_at
        from raw_lines
    ),
    days as (
        select distinct cast(ordered_at as date) as day from stamps
        where ordered_at is not null
    ),
    gaps as (
        select day, lag(day) over (order by day) as previous_day from days
    ),
    median as (
        select cast(quantile_disc(ordered_at, 0.5) as date) as median_day from stamps
    )
    select cast(coalesce(
        (
            select min(previous_day) from gaps, median
            where day > median_day and day - previous_day > 30
        ),
        (select max(day) from days)
    ) as timestamp) + interval 31 day as cutoff_at
),
distinct_lines as (
    select distinct * from raw_lines
),
parsed_lines as (
    select
        nullif(trim(order_id), '') as order_id,
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(product_id), '') as product_id,
        try_cast(nullif(trim(ordered_at), '') as timestamp) as ordered_at,
        try_cast(nullif(trim(quantity), '') as decimal(18, 4)) as quantity,
        coalesce(trim(quantity), '') = '' as is_quantity_empty,
        try_cast(nullif(trim(unit_price), '') as decimal(18, 4)) as unit_price,
        coalesce(lower(nullif(trim(status), '')), 'completed') as status
    from distinct_lines
),
clean_lines as (
    select
        order_id,
        customer_id,
        product_id,
        ordered_at,
        cast(ordered_at as date) as ordered_date,
        case
            when status = 'returned'
                then -abs(coalesce(quantity, 1) * unit_price)
            else coalesce(quantity, 1) * unit_price
        end as line_revenue,
        status = 'completed' and coalesce(quantity, 1) > 0 as is_purchase,
        status = 'cancelled' as is_cancelled
    from parsed_lines
    cross join future_cutoff
    where
        order_id is not null
        and ordered_at is not null
        and (ordered_at <= cutoff_at or cutoff_at is null)
        and (quantity is not null or is_quantity_empty)
        and unit_price >= 0
        and status in ('completed', 'cancelled', 'returned')
)"""


def floor_sql(path: Path) -> str:
    """The floor: scan ``order_lines``, revenue per customer, nothing else."""
    return f"""
create table floor_result as
select
    customer_id,
    sum(try_cast(quantity as double) * try_cast(unit_price as double)) as revenue
from {_reader_sql(path)}
group by customer_id
"""


def rfm_sql(path: Path, rules_path: Path) -> str:
    """Hand-written ``customer_rfm`` from the raw file (see module docstring)."""
    return f"""
create table rfm_result as
with
{clean_lines_sql(path)},
as_of as (
    select max(ordered_date) + 1 as as_of_date from clean_lines
),
customer_lines as (
    select * from clean_lines
    where customer_id is not null and not is_cancelled
),
purchase_days as (
    select
        customer_id,
        ordered_date,
        sum(line_revenue) as day_value,
        min(ordered_at) as first_at,
        max(ordered_at) as last_at
    from customer_lines
    where is_purchase
    group by customer_id, ordered_date
),
days_per_customer as (
    select
        customer_id,
        min(first_at) as first_order_at,
        max(last_at) as last_order_at,
        min(ordered_date) as first_date,
        max(ordered_date) as last_date,
        count(*) - 1 as repeat_days,
        sum(day_value) - arg_min(day_value, ordered_date) as repeat_value
    from purchase_days
    group by customer_id
),
orders_per_customer as (
    select
        customer_id,
        count(distinct case when is_purchase then order_id end) as order_count,
        sum(line_revenue) as net_revenue
    from customer_lines
    group by customer_id
),
figures as (
    select
        days.customer_id,
        days.first_order_at,
        days.last_order_at,
        orders.order_count,
        cast(orders.net_revenue as decimal(18, 2)) as total_revenue,
        cast(orders.net_revenue / orders.order_count as decimal(18, 2))
            as avg_order_value,
        cast(as_of.as_of_date - days.last_date as integer) as recency_days,
        cast(days.repeat_days as double) as frequency,
        cast(days.last_date - days.first_date as double) as recency,
        cast(as_of.as_of_date - days.first_date as double) as t,
        coalesce(cast(days.repeat_value as double) / nullif(days.repeat_days, 0), 0)
            as monetary_value
    from days_per_customer as days
    inner join orders_per_customer as orders on days.customer_id = orders.customer_id
    cross join as_of
),
scored as (
    select
        *,
        cast(1 + floor(5 * (rank() over (order by recency_days desc) - 1)
            / count(*) over ()) as integer) as r_score,
        cast(1 + floor(5 * (rank() over (order by order_count asc) - 1)
            / count(*) over ()) as integer) as f_score,
        cast(1 + floor(5 * (rank() over (order by total_revenue asc) - 1)
            / count(*) over ()) as integer) as m_score
    from figures
),
rules as (
    select * from read_csv({_sql_string(rules_path)}, header = true)
),
cell_names as (
    select
        r.r_score, f.f_score, m.m_score,
        arg_min(rules.segment_name, rules.priority) as rfm_segment
    from range(1, 6) as r(r_score)
    cross join range(1, 6) as f(f_score)
    cross join range(1, 6) as m(m_score)
    inner join rules
        on r.r_score between rules.r_min and rules.r_max
        and f.f_score between rules.f_min and rules.f_max
        and m.m_score between rules.m_min and rules.m_max
    group by all
)
select
    scored.*,
    concat(scored.r_score, scored.f_score, scored.m_score) as rfm_cell,
    cell_names.rfm_segment
from scored
left join cell_names
    on scored.r_score = cell_names.r_score
    and scored.f_score = cell_names.f_score
    and scored.m_score = cell_names.m_score
"""


def pairs_sql(path: Path, min_pair_orders: int, min_support: float, *, pruned: bool) -> str:
    """Hand-written ``product_pairs`` from the raw file, with or without Apriori pruning."""
    candidate_filter = (
        f"item_orders >= {min_pair_orders} and item_orders / basket_count >= {min_support}"
        if pruned
        else "true"
    )
    return f"""
create table pairs_result as
with
{clean_lines_sql(path)},
basket_items as (
    select distinct order_id, product_id
    from clean_lines
    where is_purchase and product_id is not null
),
baskets as (
    select count(distinct order_id) as basket_count from basket_items
),
item_orders as (
    select product_id, count(*) as item_orders from basket_items group by product_id
),
candidates as (
    select basket_items.order_id, basket_items.product_id
    from basket_items
    inner join item_orders on basket_items.product_id = item_orders.product_id
    cross join baskets
    where {candidate_filter}
),
pairs as (
    select
        items_a.product_id as product_a,
        items_b.product_id as product_b,
        count(*) as pair_orders
    from candidates as items_a
    inner join candidates as items_b
        on items_a.order_id = items_b.order_id
        and items_a.product_id < items_b.product_id
    group by all
)
select
    pairs.product_a,
    pairs.product_b,
    pairs.pair_orders,
    orders_a.item_orders as orders_a,
    orders_b.item_orders as orders_b,
    pairs.pair_orders / baskets.basket_count as support,
    pairs.pair_orders / orders_a.item_orders as confidence_a_b,
    pairs.pair_orders / orders_b.item_orders as confidence_b_a,
    (pairs.pair_orders / baskets.basket_count)
        / ((orders_a.item_orders / baskets.basket_count)
            * (orders_b.item_orders / baskets.basket_count)) as lift
from pairs
inner join item_orders as orders_a on pairs.product_a = orders_a.product_id
inner join item_orders as orders_b on pairs.product_b = orders_b.product_id
cross join baskets
where pairs.pair_orders >= {min_pair_orders}
    and pairs.pair_orders / baskets.basket_count >= {min_support}
"""


def check_figures(connection: duckdb.DuckDBPyConnection, kind: str, table: str) -> dict:
    """The :data:`CHECKS` figures of ``table`` (a table name or a registered frame)."""
    cursor = connection.execute(CHECKS[kind].format(table=table))
    names = [column[0] for column in cursor.description]
    row = cursor.fetchone()
    return {name: _plain(value) for name, value in zip(names, row, strict=True)}


def _plain(value):
    """JSON-ready scalar (Decimal -> float, numpy -> Python)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _connect(db_path: Path, threads: int, memory_limit: str) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(db_path))
    connection.execute(f"set threads = {int(threads)}")
    connection.execute(f"set memory_limit = '{memory_limit}'")
    connection.execute("set preserve_insertion_order = true")
    return connection


def run_sql_reference(
    name: str, data_dir: Path, db_path: Path, *, threads: int = 2, memory_limit: str = "8GB"
) -> dict:
    """Time one hand-written DuckDB reference (``floor``, ``rfm_sql``, ``pairs_sql*``).

    The result table is written into the fresh DuckDB file ``db_path``, as a
    dbt table model would be.
    """
    path = order_lines_file(data_dir)
    kind, _ = REFERENCES[name]
    if name == "floor":
        sql = floor_sql(path)
    elif name == "rfm_sql":
        sql = rfm_sql(path, PROJECT_ROOT / "seeds" / "rfm_segment_rules.csv")
    else:
        min_orders, min_support = pair_thresholds()
        sql = pairs_sql(path, min_orders, min_support, pruned=name == "pairs_sql")
    connection = _connect(db_path, threads, memory_limit)
    try:
        started = time.perf_counter()
        connection.execute(sql)
        seconds = time.perf_counter() - started
        table = f"{kind}_result"
        return {"seconds": seconds, "checks": check_figures(connection, kind, table)}
    finally:
        connection.close()


# --- pandas + scikit-learn (the seeds' approach) -----------------------------


def pandas_clean_lines(data_dir: Path):
    """The usable order lines of the raw file, with pandas (same rules as SQL)."""
    import numpy as np
    import pandas as pd

    path = order_lines_file(data_dir)
    if path.suffix == ".csv":
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    else:
        raw = pd.read_parquet(path, columns=list(ORDER_LINE_COLUMNS))

    def text(column):
        stripped = raw[column].str.strip()
        return stripped.where(stripped != "")

    parsed_at = pd.to_datetime(text("ordered_at"), errors="coerce", format="ISO8601")
    valid_at = parsed_at.dropna().to_numpy()
    cutoff = (
        np.quantile(valid_at.astype("int64"), 0.99, method="inverted_cdf").astype(valid_at.dtype)
        + np.timedelta64(30, "D")
        if len(valid_at)
        else None
    )
    keep = ~raw.duplicated()
    quantity = pd.to_numeric(text("quantity"), errors="coerce")
    unit_price = pd.to_numeric(text("unit_price"), errors="coerce")
    status = text("status").str.lower().fillna("completed")
    keep &= text("order_id").notna() & parsed_at.notna()
    if cutoff is not None:
        keep &= parsed_at <= cutoff
    keep &= quantity.notna() | text("quantity").isna()
    keep &= unit_price >= 0
    keep &= status.isin(["completed", "cancelled", "returned"])
    quantity = quantity.fillna(1.0)
    revenue = quantity * unit_price
    revenue = revenue.where(status != "returned", -revenue.abs())
    lines = pd.DataFrame(
        {
            "order_id": text("order_id"),
            "customer_id": text("customer_id"),
            "product_id": text("product_id"),
            "ordered_at": parsed_at,
            "line_revenue": revenue,
            "is_purchase": (status == "completed") & (quantity > 0),
            "is_cancelled": status == "cancelled",
        }
    )[keep]
    return lines.assign(ordered_date=lines["ordered_at"].dt.normalize())


def pandas_rfm(data_dir: Path, rules_path: Path):
    """``customer_rfm`` computed with pandas from the raw file."""
    import numpy as np
    import pandas as pd

    lines = pandas_clean_lines(data_dir)
    as_of = lines["ordered_date"].max() + pd.Timedelta(days=1)
    customer_lines = lines[lines["customer_id"].notna() & ~lines["is_cancelled"]]
    purchases = customer_lines[customer_lines["is_purchase"]]
    days = (
        purchases.groupby(["customer_id", "ordered_date"], sort=True)
        .agg(
            day_value=("line_revenue", "sum"),
            first_at=("ordered_at", "min"),
            last_at=("ordered_at", "max"),
        )
        .reset_index()
    )
    per_customer = days.groupby("customer_id").agg(
        first_order_at=("first_at", "min"),
        last_order_at=("last_at", "max"),
        first_date=("ordered_date", "min"),
        last_date=("ordered_date", "max"),
        day_count=("day_value", "size"),
        value_sum=("day_value", "sum"),
        first_value=("day_value", "first"),
    )
    orders = (
        customer_lines.assign(
            purchase_order=customer_lines["order_id"].where(customer_lines["is_purchase"])
        )
        .groupby("customer_id")
        .agg(order_count=("purchase_order", "nunique"), net_revenue=("line_revenue", "sum"))
    )
    rfm = per_customer.join(orders, how="inner")
    repeat_days = rfm["day_count"] - 1
    rfm["total_revenue"] = rfm["net_revenue"].round(2)
    rfm["avg_order_value"] = (rfm["net_revenue"] / rfm["order_count"]).round(2)
    rfm["recency_days"] = (as_of - rfm["last_date"]).dt.days
    rfm["frequency"] = repeat_days.astype(float)
    rfm["recency"] = (rfm["last_date"] - rfm["first_date"]).dt.days.astype(float)
    rfm["t"] = (as_of - rfm["first_date"]).dt.days.astype(float)
    rfm["monetary_value"] = (
        ((rfm["value_sum"] - rfm["first_value"]) / repeat_days.where(repeat_days > 0))
        .fillna(0.0)
        .astype(float)
    )
    n = len(rfm)
    for score, column, ascending in (
        ("r_score", "recency_days", False),
        ("f_score", "order_count", True),
        ("m_score", "total_revenue", True),
    ):
        rank = rfm[column].rank(method="min", ascending=ascending)
        rfm[score] = (1 + np.floor(5 * (rank - 1) / n)).astype(int)
    rules = pd.read_csv(rules_path).sort_values("priority")
    names = {}
    for r in range(1, 6):
        for f in range(1, 6):
            for m in range(1, 6):
                match = rules[
                    rules["r_min"].le(r)
                    & rules["r_max"].ge(r)
                    & rules["f_min"].le(f)
                    & rules["f_max"].ge(f)
                    & rules["m_min"].le(m)
                    & rules["m_max"].ge(m)
                ]
                names[r * 100 + f * 10 + m] = match["segment_name"].iloc[0] if len(match) else None
    cells = rfm["r_score"] * 100 + rfm["f_score"] * 10 + rfm["m_score"]
    rfm["rfm_cell"] = cells.astype(str)
    rfm["rfm_segment"] = cells.map(names)
    return rfm.drop(
        columns=["first_date", "last_date", "day_count", "value_sum", "first_value", "net_revenue"]
    ).reset_index()


def pandas_pairs(data_dir: Path, min_pair_orders: int, min_support: float):
    """``product_pairs`` counted with pandas (items pruned before the self-merge)."""
    lines = pandas_clean_lines(data_dir)
    baskets = lines.loc[
        lines["is_purchase"] & lines["product_id"].notna(), ["order_id", "product_id"]
    ].drop_duplicates()
    basket_count = baskets["order_id"].nunique()
    item_orders = baskets["product_id"].value_counts()
    kept = item_orders[
        (item_orders >= min_pair_orders) & (item_orders / basket_count >= min_support)
    ]
    candidates = baskets[baskets["product_id"].isin(kept.index)]
    merged = candidates.merge(candidates, on="order_id", suffixes=("_a", "_b"))
    merged = merged[merged["product_id_a"] < merged["product_id_b"]]
    pairs = merged.groupby(["product_id_a", "product_id_b"]).size().rename("pair_orders")
    pairs = pairs.reset_index().rename(
        columns={"product_id_a": "product_a", "product_id_b": "product_b"}
    )
    pairs["orders_a"] = pairs["product_a"].map(item_orders)
    pairs["orders_b"] = pairs["product_b"].map(item_orders)
    pairs["support"] = pairs["pair_orders"] / basket_count
    pairs["confidence_a_b"] = pairs["pair_orders"] / pairs["orders_a"]
    pairs["confidence_b_a"] = pairs["pair_orders"] / pairs["orders_b"]
    pairs["lift"] = pairs["support"] / (
        (pairs["orders_a"] / basket_count) * (pairs["orders_b"] / basket_count)
    )
    keep = (pairs["pair_orders"] >= min_pair_orders) & (pairs["support"] >= min_support)
    return pairs[keep].reset_index(drop=True)


def sklearn_kmeans(features, n_clusters: int, random_state: int = 42, n_init: int = 10):
    """k-means on every customer: median impute, log1p of skewed columns, standardise.

    Returns the label of every row.
    """
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    matrix = features.astype(float)
    matrix = matrix.fillna(matrix.median()).fillna(0.0)
    skewed = [c for c in matrix.columns if matrix[c].min() >= 0 and matrix[c].skew() > 1.0]
    matrix[skewed] = np.log1p(matrix[skewed])
    scaled = StandardScaler().fit_transform(matrix.to_numpy())
    model = KMeans(n_clusters=n_clusters, n_init=n_init, random_state=random_state)
    return model.fit_predict(scaled)


def run_pandas_reference(name: str, data_dir: Path, warehouse: Path | None = None) -> dict:
    """Time one pandas / scikit-learn reference; see the module docstring."""
    import pandas as pd

    if name == "kmeans_sklearn":
        return _run_kmeans(warehouse)
    started = time.perf_counter()
    if name == "rfm_pandas":
        frame = pandas_rfm(data_dir, PROJECT_ROOT / "seeds" / "rfm_segment_rules.csv")
        kind = "rfm"
    else:
        frame = pandas_pairs(data_dir, *pair_thresholds())
        kind = "pairs"
    seconds = time.perf_counter() - started
    connection = duckdb.connect()
    connection.register("result_frame", pd.DataFrame(frame))
    return {"seconds": seconds, "checks": check_figures(connection, kind, "result_frame")}


def _run_kmeans(warehouse: Path | None) -> dict:
    if warehouse is None or not Path(warehouse).exists():
        raise ValueError("kmeans_sklearn needs --warehouse: the built DuckDB file")
    variables = project_vars()
    features = list(variables.get("segment_features") or [])
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        k = connection.execute(
            "select count(distinct segment_id) from customer_segments"
        ).fetchone()
        frame = connection.execute(
            "select "
            + ", ".join(f"cast({f} as double) as {f}" for f in features)
            + " from customer_features"
        ).df()
    n_clusters = max(int(k[0] or 0), 2)
    started = time.perf_counter()
    labels = sklearn_kmeans(
        frame, n_clusters, random_state=int(variables.get("segment_random_state", 42) or 42)
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "checks": {
            "row_count": len(labels),
            "k": n_clusters,
            "features": len(features),
            "clusters_found": len(set(labels.tolist())),
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Run one reference and write ``{"seconds": ..., "checks": {...}}`` to --result."""
    parser = argparse.ArgumentParser(description="Run one benchmark reference.")
    parser.add_argument("name", choices=sorted(REFERENCES))
    parser.add_argument("--data", type=Path, required=True, help="raw data directory")
    parser.add_argument("--db", type=Path, required=True, help="fresh DuckDB file for results")
    parser.add_argument("--warehouse", type=Path, help="built warehouse (kmeans_sklearn)")
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="8GB")
    args = parser.parse_args(argv)
    if args.name.endswith(("_pandas", "_sklearn")):
        outcome = run_pandas_reference(args.name, args.data, args.warehouse)
    else:
        outcome = run_sql_reference(
            args.name, args.data, args.db, threads=args.threads, memory_limit=args.memory_limit
        )
    outcome["seconds"] = round(outcome["seconds"], 4)
    args.result.write_text(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
