"""cohort_retention on the real Online Retail data, checked against pandas.

pandas starts from the lines every customer figure starts from
(``intermediate.int_customer_lines_filtered``: clean lines of known customers
on or before the as-of date, cancelled lines left out; which lines count as
sales or returns is customer_rfm's business, tested in
test_customer_rfm_parity.py) and the segments of customer_segments, and
rebuilds every cell: cohort = month of the first purchase line, a customer is
active in a month with a purchase line in it, net revenue = sum of the
cohort's line revenue in the month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def expected(online_retail_warehouse) -> pd.DataFrame:
    lines = online_retail_warehouse.df(
        "select customer_id, ordered_date, is_purchase,"
        " cast(line_revenue as double) as line_revenue"
        " from intermediate.int_customer_lines_filtered"
    )
    segments = online_retail_warehouse.df("select customer_id, segment_id from customer_segments")
    lines["month"] = pd.to_datetime(lines["ordered_date"]).dt.to_period("M")
    cohort = lines[lines["is_purchase"]].groupby("customer_id")["month"].min().rename("cohort")
    lines = lines.join(cohort, on="customer_id")
    lines = lines[lines["month"] >= lines["cohort"]]
    months = sorted(lines["month"].unique())
    frames = []
    for segment_id, members in [("total", segments), *segments.groupby("segment_id")]:
        mine = lines[lines["customer_id"].isin(members["customer_id"])]
        sizes = cohort[cohort.index.isin(members["customer_id"])].value_counts()
        active = mine[mine["is_purchase"]].groupby(["cohort", "month"])["customer_id"].nunique()
        revenue = mine.groupby(["cohort", "month"])["line_revenue"].sum()
        grid = pd.DataFrame(
            [(c, m) for c in sizes.index for m in months if m >= c], columns=["cohort", "month"]
        ).set_index(["cohort", "month"])
        grid["cohort_customers"] = sizes.reindex(grid.index.get_level_values(0)).to_numpy()
        grid["active_customers"] = active.reindex(grid.index).fillna(0).to_numpy()
        grid["net_revenue"] = revenue.reindex(grid.index).fillna(0).to_numpy()
        frames.append(grid.reset_index().assign(segment_id=segment_id))
    result = pd.concat(frames, ignore_index=True)
    result["months_since"] = (result["month"] - result["cohort"]).map(lambda d: d.n)
    result["cohort"] = result["cohort"].dt.to_timestamp()
    result["month"] = result["month"].dt.to_timestamp()
    return result.sort_values(["segment_id", "cohort", "month"]).reset_index(drop=True)


def test_every_cell_matches_pandas(online_retail_warehouse, expected):
    actual = online_retail_warehouse.df(
        "select segment_id, cohort_month, activity_month, months_since_first_purchase,"
        " cohort_customers, active_customers, retention_rate,"
        " cast(net_revenue as double) as net_revenue from cohort_retention"
        " order by segment_id, cohort_month, activity_month"
    )
    assert len(actual) == len(expected) > 0
    assert actual["segment_id"].tolist() == expected["segment_id"].tolist()
    assert (pd.to_datetime(actual["cohort_month"]) == expected["cohort"]).all()
    assert (pd.to_datetime(actual["activity_month"]) == expected["month"]).all()
    assert actual["months_since_first_purchase"].tolist() == expected["months_since"].tolist()
    assert actual["cohort_customers"].tolist() == expected["cohort_customers"].tolist()
    assert actual["active_customers"].tolist() == expected["active_customers"].tolist()
    np.testing.assert_allclose(
        actual["retention_rate"], expected["active_customers"] / expected["cohort_customers"]
    )
    np.testing.assert_allclose(actual["net_revenue"], expected["net_revenue"], atol=0.005)
    # 13 monthly cohorts (Dec 2010 .. Dec 2011) on the total rows.
    assert expected.query("segment_id == 'total'")["cohort"].nunique() == 13
