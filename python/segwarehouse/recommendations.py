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
dominated the whole build at 10M order lines (docs/performance-notes.md); here the same
sums are a scipy CSR product over blocks of customers, then a per-row top N.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
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


def similarity_params_from_config(config: dict | None) -> tuple[int | None, float]:
    """``recommendation_neighbours`` (None: all) and ``recommendation_shrinkage``
    from the model's meta (rendered text)."""
    config = config or {}
    raw_neighbours = str(config.get("neighbours")).strip()
    if raw_neighbours in ("", "None", "none", "null"):
        neighbours = None
    elif raw_neighbours.isdigit() and int(raw_neighbours) >= 1:
        neighbours = int(raw_neighbours)
    else:
        raise ValueError(
            "var recommendation_neighbours must be a whole number >= 1 or null, "
            f"got '{raw_neighbours}' (e.g. --vars '{{recommendation_neighbours: 10}}')"
        )
    raw_shrinkage = str(config.get("shrinkage")).strip()
    try:
        shrinkage = float(raw_shrinkage)
    except ValueError:
        shrinkage = -1.0
    if not shrinkage >= 0:
        raise ValueError(
            "var recommendation_shrinkage must be a number >= 0, "
            f"got '{raw_shrinkage}' (e.g. --vars '{{recommendation_shrinkage: 0}}')"
        )
    return neighbours, shrinkage


def _empty() -> pa.Table:
    return OUTPUT_SCHEMA.empty_table()


def _as_arrow(data: pd.DataFrame | pa.Table, columns: list[str]) -> pa.Table:
    """``data`` (an Arrow table or a DataFrame) as an Arrow table of ``columns``."""
    if isinstance(data, pd.DataFrame):
        data = pa.Table.from_pandas(data[columns], preserve_index=False)
    return data.select(columns)


def _sorted_codes(values: pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Codes of ``values`` into their distinct values, sorted.

    Like ``pd.factorize(values, sort=True)`` without making a Python object per
    value: Arrow sorts strings by their UTF-8 bytes, which is also how DuckDB
    orders VARCHAR.
    """
    encoded = values.combine_chunks().dictionary_encode()
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank[encoded.indices.to_numpy(zero_copy_only=False)], encoded.dictionary.take(order)


def _positions_in(values: pa.ChunkedArray, value_set: pa.Array) -> np.ndarray:
    """Position of each of ``values`` in ``value_set``; -1 where it is absent."""
    positions = pc.fill_null(pc.index_in(values, value_set=value_set), -1)
    return positions.to_numpy().astype(np.int64)


def rank_recommendations(
    customer_products: pd.DataFrame | pa.Table,
    rules: pd.DataFrame | pa.Table,
    per_customer: int,
    block_customers: int = DEFAULT_BLOCK_CUSTOMERS,
    n_threads: int = 1,
) -> pa.Table:
    """Top ``per_customer`` unbought products per customer.

    ``customer_products``: distinct (customer_id, product_id) pairs bought.
    ``rules``: distinct (antecedent_id, consequent_id) with ``weight_units``,
    a positive integer (the rule's confidence in 1e-12 units).
    Both as Arrow tables (no Python object per value; the dbt model passes
    these) or DataFrames.
    Returns one row per customer and recommendation (``OUTPUT_SCHEMA``), in
    customer_id order; ``score_units`` is the exact integer sum of weights and
    ``source_product_count`` the number of bought products contributing.
    ``n_threads`` blocks of customers are scored at once; the result is the
    same for any number.
    """
    if per_customer < 1:
        raise ValueError(f"per_customer must be >= 1, got {per_customer}")
    if n_threads < 1:
        raise ValueError(f"n_threads must be >= 1, got {n_threads}")
    rules = _as_arrow(rules, ["antecedent_id", "consequent_id", "weight_units"])
    customer_products = _as_arrow(customer_products, ["customer_id", "product_id"])
    if rules.num_rows == 0 or customer_products.num_rows == 0:
        return _empty()
    weight_units = rules["weight_units"].to_numpy().astype(np.int64)
    if (weight_units <= 0).any():
        raise ValueError("rule weights must be positive integers")

    # Consequents sorted by id: column order = tie-break order.
    consequents = pc.unique(rules["consequent_id"]).sort()
    antecedents = pc.unique(rules["antecedent_id"])
    n_consequents = len(consequents)
    weights = sparse.csr_matrix(
        (
            weight_units,
            (
                _positions_in(rules["antecedent_id"], antecedents),
                _positions_in(rules["consequent_id"], consequents),
            ),
        ),
        shape=(len(antecedents), n_consequents),
    )
    # One product gives both sums: each weight is stored shifted left by
    # `count_bits` plus 1, so a cell holds score << count_bits | count (the
    # count of contributing products is at most the number of antecedents).
    count_bits = len(antecedents).bit_length()
    # Bound every sum before computing it (int64 products wrap silently): a
    # score is at most its consequent's column sum of weights, and both the
    # packed sum and the ranking key below must stay below 2**63.
    column_sums = np.asarray(weights.sum(axis=0, dtype=object)).ravel()
    max_score = max(int(total) for total in column_sums)
    largest_packed = (max_score << count_bits) + (1 << count_bits) - 1
    largest_key = max_score * n_consequents + n_consequents - 1
    if max(largest_packed, largest_key) >= 2**63:
        raise OverflowError("recommendation scores too large for the ranking key")
    weights.data = (weights.data << count_bits) + 1

    product_ids = customer_products["product_id"]
    bought_antecedent = _positions_in(product_ids, antecedents)
    scoring = bought_antecedent >= 0
    # Only customers with at least one antecedent can get a recommendation.
    if not scoring.any():
        return _empty()
    # Customers in id order (the output order); one code per row, used by
    # both matrices below.
    customer_codes, customers = _sorted_codes(customer_products["customer_id"])
    bought = sparse.csr_matrix(
        (
            np.ones(int(scoring.sum()), np.int64),
            (customer_codes[scoring], bought_antecedent[scoring]),
        ),
        shape=(len(customers), len(antecedents)),
    )
    bought.data[:] = 1  # a repeated (customer, product) pair counts once

    # Bought consequents: never recommended.
    bought_consequent_column = _positions_in(product_ids, consequents)
    known = bought_consequent_column >= 0
    bought_consequent = sparse.csr_matrix(
        (
            np.ones(int(known.sum()), np.int8),
            (customer_codes[known], bought_consequent_column[known]),
        ),
        shape=(len(customers), n_consequents),
    )

    # Blocks of customers; only the cells a rule reaches are scored (a
    # customer reaches a few hundred of the consequents, not all of them).
    block = max(1, block_customers)
    # One integer key per cell orders by score, then by column (= product_id)
    # ascending: key = score * n_consequents + (n_consequents - 1 - column).
    tie_break = np.arange(n_consequents - 1, -1, -1, dtype=np.int64)

    def block_top(start: int) -> pa.Table | None:
        stop = min(start + block, len(customers))
        sums = bought[start:stop] @ weights
        # Already bought: removed (subtracting a cell's own value leaves no entry).
        sums = sums - sums.multiply(bought_consequent[start:stop] > 0)
        sums.eliminate_zeros()
        if sums.nnz == 0:
            return None
        # Every stored cell has a contributing product, so a positive score.
        local_rows = np.repeat(np.arange(stop - start), np.diff(sums.indptr))
        keys = (sums.data >> count_bits) * n_consequents + tie_break[sums.indices]
        # Per row, keys descending; then the first per_customer of each row.
        order = np.lexsort((-keys, local_rows))
        local_rows, keys = local_rows[order], keys[order]
        counts = sums.data[order] & ((1 << count_bits) - 1)
        ranks = np.arange(len(order)) - np.searchsorted(local_rows, local_rows, side="left") + 1
        top = ranks <= per_customer
        return pa.table(
            {
                "customer_id": customers.take(local_rows[top] + start),
                "recommendation_rank": ranks[top],
                "product_id": consequents.take(n_consequents - 1 - keys[top] % n_consequents),
                "score_units": keys[top] // n_consequents,
                "source_product_count": counts[top],
            },
            schema=OUTPUT_SCHEMA,
        )

    # Blocks are independent and in integers, so threads change nothing but
    # the time: numpy and scipy release the GIL in these loops. map() keeps
    # the blocks in customer order.
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        tables = list(pool.map(block_top, range(0, len(customers), block)))
    parts = [table for table in tables if table is not None]
    return pa.concat_tables(parts) if parts else _empty()
