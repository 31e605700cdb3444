"""Product pairs on the real Online Retail data, checked against independent code.

The baskets are rebuilt here in pandas from the clean order lines
(``staging.stg_shop__order_lines``) with the data contract's rules, never from
the warehouse's own product models. Then:

- the default pair floor (max(min_pair_orders, ceil(min_pair_item_share x
  basket products))) is recomputed from those baskets;
- a naive self-join over those baskets (no pruning) must give exactly the pairs,
  counts and basket total of ``product_pairs`` at that floor;
- mlxtend's ``apriori`` + ``association_rules`` must give the same rules and
  metrics (to 1e-9) for every published pair, over all 20,538 baskets
  (non-product items such as postage left out).
"""

from __future__ import annotations

import csv
import math
import re

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from mlxtend.frequent_patterns import apriori, association_rules

from segwarehouse.dbt_runner import PROJECT_ROOT

pytestmark = pytest.mark.slow

# mlxtend on every pair seen in >= 2 baskets (2.7 million itemsets) takes ~80 s;
# at the default floor (32 baskets: ~150,000 pairs) over every basket ~14 s.
TOLERANCE = 1e-9
METRICS = [
    "antecedent support",
    "consequent support",
    "support",
    "confidence",
    "lift",
    "leverage",
    "conviction",
    "jaccard",
]


def non_product_pattern() -> re.Pattern:
    """The seed non_product_items' SQL LIKE patterns as one regular expression."""
    with open(PROJECT_ROOT / "seeds" / "non_product_items.csv", newline="") as seed:
        patterns = [row["product_id_pattern"] for row in csv.DictReader(seed)]
    like = {"%": ".*", "_": "."}
    return re.compile(
        "|".join("".join(like.get(char, re.escape(char)) for char in p) for p in patterns)
    )


@pytest.fixture(scope="module")
def baskets(online_retail_warehouse) -> pd.DataFrame:
    """Distinct (order_id, product_id) of clean purchase lines of products
    (not postage, fees, ...: the seed non_product_items), built in pandas."""
    # The default as-of date is after the last line, so no date filter here.
    lines = online_retail_warehouse.df(
        "select order_id, product_id, status, quantity from staging.stg_shop__order_lines"
    )
    is_purchase = (
        (lines["status"] == "completed")
        & (lines["quantity"].astype(float) > 0)
        & lines["product_id"].notna()
        & ~lines["product_id"].fillna("").str.fullmatch(non_product_pattern())
    )
    return lines.loc[is_purchase, ["order_id", "product_id"]].drop_duplicates()


@pytest.fixture(scope="module")
def product_pairs(online_retail_warehouse) -> pd.DataFrame:
    return online_retail_warehouse.df("select * from main.product_pairs")


@pytest.fixture(scope="module")
def pair_floor(baskets) -> int:
    """The default pair floor, from dbt_project.yml's vars and the pandas baskets."""
    defaults = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
    share_floor = math.ceil(defaults["min_pair_item_share"] * len(baskets))
    return max(defaults["min_pair_orders"], share_floor)


def test_default_vars_are_what_the_parity_assumes(online_retail_warehouse, pair_floor):
    run = online_retail_warehouse.df("select * from main.product_pair_runs").iloc[0]
    assert run["min_pair_baskets"] == pair_floor >= 30
    assert run["min_support"] == 0
    assert pd.isna(run["max_basket_size"])
    assert run["skipped_basket_count"] == 0


def test_basket_count_matches_pandas(online_retail_warehouse, baskets):
    basket_count = online_retail_warehouse.scalar("select basket_count from main.product_pair_runs")
    assert basket_count == baskets["order_id"].nunique()
    assert basket_count > 20_000


def test_pairs_equal_naive_self_join(online_retail_warehouse, baskets, pair_floor):
    naive_pairs = f"""
        with item_orders as (
            select product_id, count(*) as n from baskets group by product_id
        ),
        pairs as (
            select x.product_id as product_a, y.product_id as product_b,
                count(*) as pair_orders
            from baskets as x
            join baskets as y on x.order_id = y.order_id and x.product_id < y.product_id
            group by 1, 2
            having count(*) >= {pair_floor}
        )
        select pairs.*, a.n as orders_a, b.n as orders_b
        from pairs
        join item_orders as a on pairs.product_a = a.product_id
        join item_orders as b on pairs.product_b = b.product_id
    """
    ours = "select product_a, product_b, pair_orders, orders_a, orders_b from main.product_pairs"
    db_path = str(online_retail_warehouse.db_path)
    with duckdb.connect(db_path, read_only=True) as connection:
        connection.register("baskets", baskets)
        naive_count, ours_count, only_naive, only_ours = connection.execute(
            f"""
            with naive as ({naive_pairs}), ours as ({ours})
            select
                (select count(*) from naive),
                (select count(*) from ours),
                (select count(*) from (from naive except all from ours)),
                (select count(*) from (from ours except all from naive))
            """
        ).fetchone()
    assert naive_count > 100_000
    assert (ours_count, only_naive, only_ours) == (naive_count, 0, 0)


def mlxtend_rules(baskets: pd.DataFrame, min_pair_orders: int) -> pd.DataFrame:
    """Single-item rules a -> b of mlxtend over all baskets.

    The one-hot matrix keeps every basket (the support denominator) but only the
    products in at least ``min_pair_orders`` baskets: no other product can be in
    a pair that frequent, and apriori would drop them in its first pass anyway.
    """
    orders = pd.Index(baskets["order_id"].unique())
    item_orders = baskets["product_id"].value_counts()
    products = pd.Index(sorted(item_orders[item_orders >= min_pair_orders].index))
    kept = baskets[baskets["product_id"].isin(products)]
    matrix = np.zeros((len(orders), len(products)), dtype=bool)
    matrix[orders.get_indexer(kept["order_id"]), products.get_indexer(kept["product_id"])] = True
    onehot = pd.DataFrame(matrix, columns=products)
    # Half a basket below the threshold: no support sits on the boundary.
    min_support = (min_pair_orders - 0.5) / len(orders)
    itemsets = apriori(
        onehot, min_support=min_support, use_colnames=True, max_len=2, low_memory=True
    )
    rules = association_rules(
        itemsets, num_itemsets=len(orders), metric="support", min_threshold=min_support
    )
    rules["antecedent"] = rules["antecedents"].map(lambda items: next(iter(items)))
    rules["consequent"] = rules["consequents"].map(lambda items: next(iter(items)))
    return rules


def test_mlxtend_parity(baskets, product_pairs, pair_floor):
    rules = mlxtend_rules(baskets, pair_floor)
    frequent = product_pairs
    assert frequent["pair_orders"].min() >= pair_floor
    # Each pair {a, b} gives the rules a -> b and b -> a.
    forward = frequent.rename(
        columns={
            "product_a": "antecedent",
            "product_b": "consequent",
            "support_a": "antecedent support",
            "support_b": "consequent support",
            "confidence_a_b": "confidence",
            "conviction_a_b": "conviction",
        }
    )
    backward = frequent.rename(
        columns={
            "product_b": "antecedent",
            "product_a": "consequent",
            "support_b": "antecedent support",
            "support_a": "consequent support",
            "confidence_b_a": "confidence",
            "conviction_b_a": "conviction",
        }
    )
    ours = pd.concat([forward, backward])[["antecedent", "consequent", *METRICS]]
    assert len(frequent) > 100_000
    assert len(rules) == len(ours) == 2 * len(frequent)

    merged = ours.merge(
        rules[["antecedent", "consequent", *METRICS]],
        on=["antecedent", "consequent"],
        how="outer",
        suffixes=("_sql", "_mlxtend"),
        indicator=True,
    )
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    # Our NULL conviction is mlxtend's infinity (confidence 1).
    merged["conviction_sql"] = merged["conviction_sql"].astype(float).fillna(np.inf)
    assert np.isinf(merged["conviction_mlxtend"]).sum() > 0
    for metric in METRICS:
        ours_values = merged[f"{metric}_sql"].to_numpy(dtype=float)
        theirs = merged[f"{metric}_mlxtend"].to_numpy(dtype=float)
        infinite = np.isinf(theirs)
        assert (np.isinf(ours_values) == infinite).all(), metric
        np.testing.assert_allclose(
            ours_values[~infinite], theirs[~infinite], rtol=0, atol=TOLERANCE, err_msg=metric
        )


def test_no_non_product_item_in_pairs_similar_products_or_recommendations(
    online_retail_warehouse,
):
    pattern = non_product_pattern()
    ids = online_retail_warehouse.df(
        """
        select product_a as product_id from main.product_pairs
        union select product_b from main.product_pairs
        union select product_id from main.similar_products
        union select similar_product_id from main.similar_products
        union select product_id from main.product_recommendations
        """
    )["product_id"]
    assert len(ids) > 2000
    assert not ids.str.fullmatch(pattern).any()
    # The codes are in the data: the seed matched them, the products say why.
    excluded = online_retail_warehouse.df(
        "select product_id from main.products where is_non_product_item"
    )["product_id"]
    assert {"POST", "DOT", "M", "C2", "AMAZONFEE", "gift_0001_20"} <= set(excluded)
    assert excluded.str.fullmatch(pattern).all()
