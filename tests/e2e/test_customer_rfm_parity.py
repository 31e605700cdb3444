"""customer_rfm on the real Online Retail data, checked against independent code.

The transaction log is rebuilt here in pandas from the warehouse's clean order
lines (``staging.stg_shop__order_lines``: rows that passed staging, before any
customer model) with the data contract's rules: customer_id present, status
``completed``, quantity > 0, ordered on or before the as-of date. Then:

- lifetimes' ``summary_data_from_transaction_data(freq="D",
  observation_period_end=as_of)`` must give, for every customer, exactly the
  same ``frequency``, ``recency`` and ``T`` and ``monetary_value`` to the cent;
- a pandas implementation of the segmentation convention (distinct completed
  orders, revenue net of returns (credit notes labelled cancelled are returns),
  recency in days, the documented score
  formula with ties sharing a rank) must give the same figures and scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from lifetimes.utils import summary_data_from_transaction_data

pytestmark = pytest.mark.slow

CENT = 0.005


@pytest.fixture(scope="module")
def clean_lines(online_retail_warehouse) -> pd.DataFrame:
    """Clean order lines of known customers on or before the as-of date."""
    lines = online_retail_warehouse.df(
        """
        select order_id, customer_id, ordered_at, quantity, status,
            cast(line_revenue as double) as line_revenue
        from staging.stg_shop__order_lines
        where customer_id is not null
        """
    )
    as_of_sql = "select as_of_date from intermediate.int_as_of_date"
    as_of = pd.Timestamp(online_retail_warehouse.scalar(as_of_sql))
    lines = lines[lines["ordered_at"].dt.normalize() <= as_of]
    lines.attrs["as_of"] = as_of
    return lines


@pytest.fixture(scope="module")
def customer_rfm(online_retail_warehouse) -> pd.DataFrame:
    frame = online_retail_warehouse.df(
        "select *, cast(total_revenue as double) as total_revenue_float from customer_rfm"
    )
    return frame.set_index("customer_id").sort_index()


def test_lifetimes_summary_matches_every_customer(clean_lines, customer_rfm):
    purchases = clean_lines[(clean_lines["status"] == "completed") & (clean_lines["quantity"] > 0)]
    expected = summary_data_from_transaction_data(
        purchases,
        "customer_id",
        "ordered_at",
        monetary_value_col="line_revenue",
        observation_period_end=clean_lines.attrs["as_of"],
        freq="D",
    ).sort_index()

    assert len(expected) > 4000
    assert list(customer_rfm.index) == list(expected.index)
    for ours, theirs in [("frequency", "frequency"), ("recency", "recency"), ("t", "T")]:
        np.testing.assert_array_equal(customer_rfm[ours].to_numpy(), expected[theirs].to_numpy())
    money_diff = (customer_rfm["monetary_value"] - expected["monetary_value"]).abs()
    assert money_diff.max() < CENT, money_diff.idxmax()
    # The comparison is not vacuous: repeat buyers and single buyers both occur.
    assert (expected["frequency"] == 0).sum() > 1000
    assert (expected["monetary_value"] > 0).sum() > 2000


def _score(values: pd.Series, better: str) -> pd.Series:
    """1 + floor(5 * w / n), w = customers with a strictly worse value."""
    worse = values.rank(method="min", ascending=better == "higher") - 1
    return (1 + np.floor(5 * worse / len(values))).astype(int)


def test_segmentation_convention_matches_pandas(clean_lines, customer_rfm):
    as_of = clean_lines.attrs["as_of"]
    purchases = clean_lines[(clean_lines["status"] == "completed") & (clean_lines["quantity"] > 0)]
    # The contract's revenue semantics: a sale is completed with quantity > 0;
    # a return has quantity < 0 or status returned, whatever the status.
    is_return = (clean_lines["quantity"] < 0) | (clean_lines["status"] == "returned")
    sales_and_returns = clean_lines[
        is_return | ((clean_lines["status"] == "completed") & (clean_lines["quantity"] > 0))
    ]
    expected = pd.DataFrame(
        {
            "order_count": purchases.groupby("customer_id")["order_id"].nunique(),
            "last_purchase": purchases.groupby("customer_id")["ordered_at"].max(),
        }
    )
    expected["total_revenue"] = (
        sales_and_returns.groupby("customer_id")["line_revenue"].sum().reindex(expected.index)
    )
    expected["recency_days"] = (as_of - expected["last_purchase"].dt.normalize()).dt.days
    expected = expected.sort_index()

    assert list(customer_rfm.index) == list(expected.index)
    np.testing.assert_array_equal(customer_rfm["order_count"], expected["order_count"])
    np.testing.assert_array_equal(customer_rfm["recency_days"], expected["recency_days"])
    revenue_diff = (customer_rfm["total_revenue_float"] - expected["total_revenue"]).abs()
    assert revenue_diff.max() < CENT
    # Scores from the published (cent-rounded) values, as the warehouse ranks them.
    np.testing.assert_array_equal(
        customer_rfm["r_score"], _score(customer_rfm["recency_days"], better="lower")
    )
    np.testing.assert_array_equal(
        customer_rfm["f_score"], _score(customer_rfm["order_count"], better="higher")
    )
    # A customer whose net revenue is 0 or less scores the lowest m_score.
    expected_m = _score(customer_rfm["total_revenue_float"], better="higher")
    expected_m[customer_rfm["total_revenue_float"] <= 0] = 1
    np.testing.assert_array_equal(customer_rfm["m_score"], expected_m)
    for score in ["r_score", "f_score", "m_score"]:
        assert customer_rfm[score].nunique() == 5
    assert customer_rfm["rfm_segment"].notna().all()
    assert customer_rfm["rfm_segment"].nunique() == 11
