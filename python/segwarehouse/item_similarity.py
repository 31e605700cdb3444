"""Item-to-item neighbours by cosine similarity of the customers who bought them.

For products i and j, with n_i and n_j the numbers of customers who bought
each and n_ij the number who bought both::

    similarity(i, j) = n_ij / (sqrt(n_i * n_j) + shrinkage)

(cosine of the 0/1 customer columns, shrunk towards 0 by ``shrinkage`` so that
pairs seen by few customers weigh less). Cosine divides by the popularity of
both products, so best-sellers do not become everybody's neighbour as they do
with confidence. Each product keeps its ``neighbours`` most similar partners
(similarity descending, then partner id ascending; all partners when
``neighbours`` is None). The similarity becomes an integer number of 1e-12
(``weight_units``), the rule weight that
:func:`segwarehouse.recommendations.rank_recommendations` sums exactly.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from segwarehouse.recommendations import (
    OUTPUT_SCHEMA,
    _as_arrow,
    _sorted_codes,
    rank_recommendations,
)

NEIGHBOUR_SCHEMA = pa.schema(
    [
        ("antecedent_id", pa.string()),
        ("consequent_id", pa.string()),
        ("co_customers", pa.int64()),
        ("similarity", pa.float64()),
        ("weight_units", pa.int64()),
    ]
)
WEIGHT_SCALE = 10**12


def cosine_neighbours(
    customer_products: pa.Table,
    neighbours: int | None,
    shrinkage: float = 0.0,
) -> pa.Table:
    """The top ``neighbours`` partners of every product (``NEIGHBOUR_SCHEMA``).

    ``customer_products``: distinct (customer_id, product_id) pairs bought,
    an Arrow table or a DataFrame. Rows come out by antecedent_id, then
    similarity descending, then consequent_id; the result does not depend on
    the order of the input rows.
    """
    if neighbours is not None and neighbours < 1:
        raise ValueError(f"neighbours must be >= 1 or None, got {neighbours}")
    if shrinkage < 0:
        raise ValueError(f"shrinkage must be >= 0, got {shrinkage}")
    customer_products = _as_arrow(customer_products, ["customer_id", "product_id"])
    if customer_products.num_rows == 0:
        return NEIGHBOUR_SCHEMA.empty_table()
    customer_codes, _ = _sorted_codes(customer_products["customer_id"])
    product_codes, products = _sorted_codes(customer_products["product_id"])
    bought = sparse.csr_matrix(
        (np.ones(len(customer_codes), np.int32), (customer_codes, product_codes)),
        shape=(int(customer_codes.max()) + 1, len(products)),
    )
    bought.data[:] = 1  # a repeated (customer, product) pair counts once
    # Products x products in CSR directly (a CSC operand would make scipy
    # transpose the large result).
    co_bought = bought.T.tocsr() @ bought
    customers_per_product = co_bought.diagonal()
    rows = np.repeat(np.arange(len(products), dtype=np.int64), np.diff(co_bought.indptr))
    off_diagonal = rows != co_bought.indices
    rows = rows[off_diagonal]
    columns = co_bought.indices[off_diagonal]
    counts = co_bought.data[off_diagonal]
    norms = np.sqrt(customers_per_product[rows].astype(np.float64))
    norms *= np.sqrt(customers_per_product[columns].astype(np.float64))
    similarity = counts / (norms + shrinkage)
    # Rounded to whole 1e-12 first, so that the order below and the sums of
    # the scores use exactly the published value.
    weight_units = np.maximum(np.rint(similarity * WEIGHT_SCALE).astype(np.int64), 1)
    if neighbours is not None:
        keep = _at_least_kth_largest(rows, weight_units, neighbours)
        rows, columns, counts, weight_units = _take(keep, rows, columns, counts, weight_units)
    order = np.lexsort((columns, -weight_units, rows))
    rows, columns, counts, weight_units = _take(order, rows, columns, counts, weight_units)
    if neighbours is not None:
        starts = np.searchsorted(rows, rows, side="left")
        keep = np.arange(len(rows)) - starts < neighbours
        rows, columns, counts, weight_units = _take(keep, rows, columns, counts, weight_units)
    return pa.table(
        {
            "antecedent_id": products.take(pa.array(rows)),
            "consequent_id": products.take(pa.array(columns)),
            "co_customers": counts,
            "similarity": weight_units / WEIGHT_SCALE,
            "weight_units": weight_units,
        },
        schema=NEIGHBOUR_SCHEMA,
    )


def _take(index: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each of ``arrays`` indexed by ``index`` (a mask or positions)."""
    return tuple(array[index] for array in arrays)


def _at_least_kth_largest(rows: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Mask of the entries at least as large as their row's k-th largest value.

    ``rows`` is sorted. Every entry of a row with at most k entries is kept;
    ties at the k-th value are all kept (the exact cut, with its tie-break,
    comes after sorting the few survivors).
    """
    keep = np.ones(len(rows), bool)
    boundaries = np.flatnonzero(np.diff(rows)) + 1
    starts = np.concatenate(([0], boundaries))
    stops = np.concatenate((boundaries, [len(rows)]))
    for start, stop in zip(starts[stops - starts > k], stops[stops - starts > k], strict=True):
        row_values = values[start:stop]
        kth = np.partition(row_values, len(row_values) - k)[len(row_values) - k]
        keep[start:stop] = row_values >= kth
    return keep


def item_cf_recommendations(
    customer_products: pa.Table,
    per_customer: int,
    neighbours: int | None,
    shrinkage: float = 0.0,
    n_threads: int = 1,
) -> pa.Table:
    """Item-CF recommendations for every ``as_of_date`` of ``customer_products``.

    ``customer_products``: (as_of_date, customer_id, product_id), the products
    each customer had bought on or before each date. For each date on its
    own, the neighbours come from that date's rows only, and each customer
    gets the top ``per_customer`` unbought products by the sum of the
    similarities of their bought products
    (:func:`segwarehouse.recommendations.rank_recommendations`). Returns its
    columns with ``as_of_date`` first.
    """
    customer_products = _as_arrow(customer_products, ["as_of_date", "customer_id", "product_id"])
    schema = pa.schema([customer_products.schema.field("as_of_date"), *OUTPUT_SCHEMA])
    parts = []
    for as_of_date in pc.unique(customer_products["as_of_date"]).sort().to_pylist():
        rows = customer_products.filter(pc.equal(customer_products["as_of_date"], as_of_date))
        rules = cosine_neighbours(rows, neighbours, shrinkage)
        ranked = rank_recommendations(rows, rules, per_customer, n_threads=n_threads)
        dates = pa.array([as_of_date] * ranked.num_rows, schema.field("as_of_date").type)
        parts.append(ranked.add_column(0, "as_of_date", dates))
    return pa.concat_tables(parts) if parts else schema.empty_table()
