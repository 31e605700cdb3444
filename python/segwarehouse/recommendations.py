"""Item-to-item recommendations: score, drop bought products, keep the top N.

score(c, j) = sum over the products i bought by customer c of the rule weight
w(i -> j) (the confidence, as an integer number of 1e-12 units, so that the
sums are exact and do not depend on the order of summation). Products the
customer has bought are never recommended. Per customer the best
``per_customer`` products are kept: score descending, then product_id
ascending (byte order of the UTF-8 text, as DuckDB compares VARCHAR).

This is a sparse matrix product: (customers x antecedents, 0/1) times
(antecedents x consequents, weights). In SQL it is a join producing one row
per customer x bought product x rule and a group-by over all of them, which
dominated the whole build at 10M order lines (BENCHMARKS.md); here the same
sums are a scipy CSR product over blocks of customers, then a per-row top N.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse

OUTPUT_SCHEMA = pa.schema(
    [
        ("customer_id", pa.string()),
        ("recommendation_rank", pa.int64()),
        ("product_id", pa.string()),
        ("score_units", pa.int64()),
        ("source_product_count", pa.int64()),
    ]
)
DEFAULT_BLOCK_CUSTOMERS = 50_000
# At most this many cells (int64) per dense block of customers x consequents.
DENSE_BLOCK_CELLS = 20_000_000
MAX_SCORE_UNITS = 2**62


def per_customer_from_config(config: dict | None) -> int:
    """``recommendations_per_customer`` from the model's meta (rendered text)."""
    raw = (config or {}).get("per_customer")
    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError(
            "var recommendations_per_customer must be a whole number >= 1, "
            f"got '{raw}' (e.g. --vars '{{recommendations_per_customer: 10}}')"
        )
    return int(text)


def _empty() -> pa.Table:
    return OUTPUT_SCHEMA.empty_table()


def rank_recommendations(
    customer_products: pd.DataFrame,
    rules: pd.DataFrame,
    per_customer: int,
    block_customers: int = DEFAULT_BLOCK_CUSTOMERS,
) -> pa.Table:
    """Top ``per_customer`` unbought products per customer.

    ``customer_products``: distinct (customer_id, product_id) pairs bought.
    ``rules``: distinct (antecedent_id, consequent_id) with ``weight_units``,
    a positive integer (the rule's confidence in 1e-12 units).
    Returns one row per customer and recommendation (``OUTPUT_SCHEMA``);
    ``score_units`` is the exact integer sum of weights and
    ``source_product_count`` the number of bought products contributing.
    """
    if per_customer < 1:
        raise ValueError(f"per_customer must be >= 1, got {per_customer}")
    if rules.empty or customer_products.empty:
        return _empty()
    if (rules["weight_units"] <= 0).any():
        raise ValueError("rule weights must be positive integers")

    # Consequents sorted by id: column order = tie-break order.
    consequents = np.array(sorted(rules["consequent_id"].unique()), dtype=object)
    antecedents = pd.Index(rules["antecedent_id"].unique())
    consequent_index = pd.Index(consequents)

    weights = sparse.csr_matrix(
        (
            rules["weight_units"].to_numpy(np.int64),
            (
                antecedents.get_indexer(rules["antecedent_id"]),
                consequent_index.get_indexer(rules["consequent_id"]),
            ),
        ),
        shape=(len(antecedents), len(consequents)),
    )
    ones = weights.copy()
    ones.data = np.ones_like(ones.data)

    bought_antecedent = antecedents.get_indexer(customer_products["product_id"])
    scoring = bought_antecedent >= 0
    # Only customers with at least one antecedent can get a recommendation.
    if not scoring.any():
        return _empty()
    # Customers in id order (the output order); one code per row, used by
    # both matrices below.
    customer_codes, customers = pd.factorize(customer_products["customer_id"], sort=True)
    bought = sparse.csr_matrix(
        (
            np.ones(int(scoring.sum()), np.int64),
            (customer_codes[scoring], bought_antecedent[scoring]),
        ),
        shape=(len(customers), len(antecedents)),
    )
    bought.data[:] = 1  # a repeated (customer, product) pair counts once

    # Bought consequents: never recommended.
    bought_consequent_column = consequent_index.get_indexer(customer_products["product_id"])
    known = bought_consequent_column >= 0
    n_consequents = len(consequents)
    bought_consequent = sparse.csr_matrix(
        (
            np.ones(int(known.sum()), np.int8),
            (customer_codes[known], bought_consequent_column[known]),
        ),
        shape=(len(customers), n_consequents),
    )

    # Dense blocks of customers x consequents; the block bounds the memory.
    block = max(1, min(block_customers, DENSE_BLOCK_CELLS // n_consequents))
    # Tie-break by column (= product_id) ascending inside one integer key:
    # key = score * n_consequents + (n_consequents - 1 - column).
    tie_break = np.arange(n_consequents - 1, -1, -1, dtype=np.int64)
    keep_top = min(per_customer, n_consequents)
    parts = []
    for start in range(0, len(customers), block):
        stop = min(start + block, len(customers))
        scores = (bought[start:stop] @ weights).toarray()
        counts = (bought[start:stop] @ ones).toarray()
        if scores.max(initial=0) >= MAX_SCORE_UNITS // n_consequents:
            raise OverflowError("recommendation scores too large for the ranking key")
        keys = scores * n_consequents + tie_break
        # Not a candidate (no contributing product) or already bought: -1.
        keys[counts == 0] = -1
        keys[bought_consequent[start:stop].toarray() > 0] = -1
        top = np.argpartition(-keys, keep_top - 1, axis=1)[:, :keep_top]
        top_keys = np.take_along_axis(keys, top, axis=1)
        order = np.argsort(-top_keys, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        top_keys = np.take_along_axis(top_keys, order, axis=1)
        rows = np.repeat(np.arange(start, stop), keep_top).reshape(-1, keep_top)
        ranks = np.broadcast_to(np.arange(1, keep_top + 1), top.shape)
        valid = top_keys >= 0
        columns = top[valid]
        local_rows = rows[valid] - start
        parts.append(
            pd.DataFrame(
                {
                    "customer_id": customers[rows[valid]],
                    "recommendation_rank": ranks[valid],
                    "product_id": consequents[columns],
                    "score_units": scores[local_rows, columns],
                    "source_product_count": counts[local_rows, columns],
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    return pa.Table.from_pandas(frame, schema=OUTPUT_SCHEMA, preserve_index=False)
