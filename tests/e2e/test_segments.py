"""Customer segments on the demo data: planted types recovered, SQL scoring = package scoring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from segwarehouse.dbt_runner import PROJECT_ROOT
from segwarehouse.segmentation import PreviousRun
from segwarehouse.segmentation.algorithms import nearest_centroid
from segwarehouse.segmentation.params import DEFAULT_FEATURES

TRUTH_FILE = PROJECT_ROOT / "data" / "demo_truth" / "customer_types.csv"

#: Words the name of each planted type's (majority) segment must contain.
EXPECTED_WORDS = {
    "loyal_high_spender": ["high value", "frequent"],
    "bargain_hunter": ["small baskets"],
    "one_time_buyer": ["one-time buyers"],
    "lapsed_regular": ["lapsed"],
    "heavy_browser": ["heavy browsers"],
}


@pytest.fixture(scope="module")
def segments_with_truth(demo_warehouse) -> pd.DataFrame:
    """customer_segments of the demo joined to the planted customer types."""
    segments = demo_warehouse.df(
        "select customer_id, segment_id, segment_name from customer_segments"
    )
    truth = pd.read_csv(TRUTH_FILE, dtype=str)
    return segments.merge(truth, on="customer_id", how="inner", validate="one_to_one")


def test_planted_customer_types_are_recovered(segments_with_truth, demo_warehouse):
    # Customers without a clean purchase are not segmented; nearly all planted ones buy.
    assert len(segments_with_truth) >= 0.95 * len(pd.read_csv(TRUTH_FILE))
    ari = adjusted_rand_score(
        segments_with_truth["customer_type"], segments_with_truth["segment_id"]
    )
    k = demo_warehouse.scalar("select k from segment_runs order by run_number desc limit 1")
    print(f"demo: k = {k}, adjusted Rand index vs planted types = {ari:.3f}")
    assert ari >= 0.6


def test_names_describe_the_planted_types(segments_with_truth):
    majority = segments_with_truth.groupby("customer_type")["segment_name"].agg(
        lambda names: names.value_counts().index[0].lower()
    )
    for customer_type, words in EXPECTED_WORDS.items():
        for word in words:
            assert word in majority[customer_type], (customer_type, majority[customer_type])


def test_sql_scoring_equals_package_scoring_on_the_sample(demo_warehouse):
    artifacts = demo_warehouse.df("select * from segment_model")
    sample = demo_warehouse.df(
        "select * from intermediate.segment_training_sample order by customer_id"
    )
    sql = demo_warehouse.df(
        "select customer_id, segment_id, distance from customer_segments"
        " where customer_id in (select customer_id from intermediate.segment_training_sample)"
        " order by customer_id"
    )
    fitted = PreviousRun.from_artifacts(artifacts)
    index, distance = nearest_centroid(fitted.preparer.transform(sample), fitted.scoring_centroids)
    assert sql["customer_id"].tolist() == sample["customer_id"].tolist()
    assert sql["segment_id"].tolist() == [fitted.segment_ids[i] for i in index]
    np.testing.assert_allclose(sql["distance"], distance, rtol=1e-9, atol=1e-9)
    # ... and the sizes the Python fit recorded are the SQL assignment's.
    sizes = artifacts.query("artifact == 'segment'").set_index("segment_id")["segment_size"]
    assert sql["segment_id"].value_counts().sort_index().to_dict() == sizes.sort_index().to_dict()


def test_every_customer_is_scored_not_only_the_sample(demo_warehouse):
    customers, scored, sample = demo_warehouse.query(
        "select (select count(*) from customer_features),"
        " (select count(*) from customer_segments),"
        " (select count(*) from intermediate.segment_training_sample)"
    )[0]
    assert scored == customers > 0
    assert sample == min(customers, 50_000)


def test_profiles_carry_the_contract_columns(demo_warehouse):
    columns = [row[0] for row in demo_warehouse.query("describe segment_profiles")]
    expected = ["segment_id", "segment_name", "customer_count"]
    expected += [f"mean_{feature}" for feature in DEFAULT_FEATURES]
    assert columns[: len(expected)] == expected
    assert {"revenue_share", "mean_r_score", "rfm_segment_mix", "top_category"} <= set(columns)


def test_k_selection_records_every_k_and_the_chosen_one(demo_warehouse):
    rows = demo_warehouse.df("select * from segment_k_selection order by k")
    # The business range 4..8 and the reference range 2..10 around it.
    assert rows["k"].tolist() == list(range(2, 11))
    assert rows.loc[rows["is_in_range"], "k"].tolist() == list(range(4, 9))
    chosen = rows.loc[rows["is_chosen"], "k"].tolist()
    assert chosen == [demo_warehouse.scalar("select count(*) from segment_profiles")]
    assert rows[["silhouette", "davies_bouldin", "calinski_harabasz"]].notna().all().all()


def test_outliers_are_rare_and_beyond_the_cut(demo_warehouse):
    share, smallest = demo_warehouse.query(
        "select avg(case when is_outlier then 1.0 else 0 end),"
        " min(case when is_outlier then normalized_distance end) from customer_segments"
    )[0]
    assert share < 0.02
    assert smallest is None or smallest > 2.5


def test_real_transactions_without_events_are_segmented(online_retail_warehouse):
    customers, scored, k = online_retail_warehouse.query(
        "select (select count(*) from customer_features),"
        " (select count(*) from customer_segments),"
        " (select k from segment_runs order by run_number desc limit 1)"
    )[0]
    assert scored == customers > 0
    assert 4 <= k <= 8
    # session_count / view_to_purchase_rate are NULL without events: left out of the fit
    reasons = online_retail_warehouse.query(
        "select feature, reason from segment_model"
        " where artifact = 'dropped_feature' order by feature_position"
    )
    assert reasons == [("session_count", "no value"), ("view_to_purchase_rate", "no value")]
