"""Net revenue on the real Online Retail data, recomputed from the raw file.

The expected figures come straight from ``order_lines.parquet`` with pandas,
not from any model of the warehouse: exact duplicates over the contract's
columns dropped (the first kept, as staging quarantines the others), negative
prices dropped (quarantined), lines without a customer left out, then the
contract's revenue semantics: a sale is ``completed`` with quantity > 0, a
return has quantity < 0 or status ``returned`` whatever its status (the
dataset's ``C`` credit notes are ``cancelled`` with negative quantities).
"""

from __future__ import annotations

import pandas as pd
import pytest

from segwarehouse.benchmark.references import ORDER_LINE_COLUMNS

pytestmark = pytest.mark.slow

CENT = 0.005


@pytest.fixture(scope="module")
def raw_customer_lines(online_retail_dir) -> pd.DataFrame:
    lines = pd.read_parquet(online_retail_dir / "order_lines.parquet")
    columns = [column for column in ORDER_LINE_COLUMNS if column in lines.columns]
    lines = lines.drop_duplicates(subset=columns, keep="first")
    lines = lines[(lines["unit_price"] >= 0) & lines["customer_id"].fillna("").ne("")]
    is_return = (lines["quantity"] < 0) | (lines["status"] == "returned")
    is_sale = (lines["status"] == "completed") & (lines["quantity"] > 0)
    lines = lines[is_return | is_sale].assign(
        value=lines["quantity"] * lines["unit_price"], is_return=is_return
    )
    return lines


@pytest.fixture(scope="module")
def expected(raw_customer_lines) -> pd.DataFrame:
    lines = raw_customer_lines
    per_customer = pd.DataFrame(
        {
            "net": lines.groupby("customer_id")["value"].sum(),
            "gross": lines[~lines["is_return"]].groupby("customer_id")["value"].sum(),
            "returned": -lines[lines["is_return"]].groupby("customer_id")["value"].sum(),
        }
    ).fillna(0.0)
    # customer_rfm's grain: customers with at least one sale (even at price 0).
    buyers = lines.loc[~lines["is_return"], "customer_id"].unique()
    return per_customer.loc[per_customer.index.isin(buyers)].sort_index()


@pytest.fixture(scope="module")
def customer_rfm(online_retail_warehouse) -> pd.DataFrame:
    return (
        online_retail_warehouse.df(
            """
            select customer_id, m_score, return_rate, return_order_rate,
                cast(total_revenue as double) as total_revenue,
                cast(gross_revenue as double) as gross_revenue,
                cast(returned_revenue as double) as returned_revenue
            from customer_rfm
            """
        )
        .set_index("customer_id")
        .sort_index()
    )


def test_total_revenue_is_net_sales_of_clean_lines(raw_customer_lines, expected, customer_rfm):
    assert list(customer_rfm.index) == list(expected.index)
    for ours, theirs in [
        ("total_revenue", "net"),
        ("gross_revenue", "gross"),
        ("returned_revenue", "returned"),
    ]:
        diff = (customer_rfm[ours] - expected[theirs]).abs()
        assert diff.max() < CENT, (ours, diff.idxmax())
    # The published total is the sum of cent-rounded customers: to the penny.
    assert customer_rfm["total_revenue"].sum() == pytest.approx(
        expected["net"].round(2).sum(), abs=CENT
    )
    assert customer_rfm["gross_revenue"].sum() == pytest.approx(
        raw_customer_lines.loc[~raw_customer_lines["is_return"], "value"].sum(), abs=CENT
    )


def test_customer_totals_reconcile_with_all_customer_lines(raw_customer_lines, customer_rfm):
    # Net sales of every clean line with a customer: GBP 8,277,968.
    all_net = raw_customer_lines["value"].sum()
    assert round(all_net) == 8_277_968
    # customer_rfm holds customers with a sale (the contract's grain); credit
    # notes of customers without one (purchases from before the data start)
    # are the only lines it leaves out.
    buyers = set(customer_rfm.index)
    left_out = raw_customer_lines[~raw_customer_lines["customer_id"].isin(buyers)]
    assert left_out["is_return"].all()
    assert customer_rfm["total_revenue"].sum() + left_out["value"].sum() == pytest.approx(
        all_net, abs=0.01
    )


def test_customers_with_credits_have_a_return_rate(raw_customer_lines, customer_rfm):
    with_credits = set(
        raw_customer_lines.loc[raw_customer_lines["is_return"], "customer_id"]
    ) & set(customer_rfm.index)
    assert len(with_credits) > 1000
    rates = customer_rfm.loc[sorted(with_credits)]
    assert (rates["return_rate"] > 0).all()
    assert (rates["return_order_rate"] > 0).all()
    without = customer_rfm.drop(index=sorted(with_credits))
    # NULL only where gross_revenue is 0 (a customer who bought at price 0).
    assert (without["return_rate"].dropna() == 0).all()
    assert (without["return_order_rate"] == 0).all()


def test_a_customer_netting_to_zero_scores_lowest(customer_rfm):
    # 12346 bought 74,215 units for 77,183.60 and returned them all.
    customer = customer_rfm.loc["12346"]
    assert customer["gross_revenue"] == pytest.approx(77_183.60)
    assert customer["total_revenue"] == 0
    assert customer["m_score"] == 1
    assert (customer_rfm.loc[customer_rfm["total_revenue"] <= 0, "m_score"] == 1).all()
