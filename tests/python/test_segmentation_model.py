"""Segmenter end to end on synthetic data: recovery, determinism, stable ids, algorithms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from segwarehouse.segmentation import ARTIFACT_KINDS, PreviousRun, Segmenter
from segwarehouse.segmentation.algorithms import nearest_centroid

FEATURES = [
    "recency_days",
    "order_count",
    "total_revenue",
    "avg_order_value",
    "session_count",
    "search_count",
]
TYPES = ["loyal", "bargain", "one_time", "lapsed", "browser"]


def planted_customers(n: int = 1500, seed: int = 0, start: int = 0) -> pd.DataFrame:
    """Customers of five planted types (like the demo data), with the truth column."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(TYPES, size=n, p=[0.15, 0.2, 0.3, 0.15, 0.2])
    orders = np.select(
        [kind == "loyal", kind == "bargain", kind == "one_time", kind == "lapsed"],
        [rng.integers(10, 25, n), rng.integers(3, 8, n), np.ones(n), rng.integers(6, 16, n)],
        rng.choice([0, 0, 0, 1, 2], n),
    ).astype(float)
    aov = np.select(
        [kind == "loyal", kind == "bargain"],
        [rng.lognormal(4.6, 0.3, n), rng.lognormal(2.8, 0.3, n)],
        rng.lognormal(3.8, 0.4, n),
    )
    recency = np.select(
        [kind == "loyal", kind == "bargain", kind == "one_time", kind == "lapsed"],
        [
            rng.integers(1, 30, n),
            rng.integers(5, 90, n),
            rng.integers(20, 700, n),
            rng.integers(280, 700, n),
        ],
        rng.integers(10, 400, n),
    ).astype(float)
    recency[orders == 0] = np.nan
    sessions = np.where(kind == "browser", rng.poisson(60, n), rng.poisson(8, n)).astype(float)
    searches = np.where(kind == "bargain", rng.poisson(40, n), rng.poisson(3, n)).astype(float)
    return pd.DataFrame(
        {
            "customer_id": [f"c{start + i:06d}" for i in range(n)],
            "recency_days": recency,
            "order_count": orders,
            "total_revenue": orders * aov,
            "avg_order_value": np.where(orders > 0, aov, np.nan),
            "session_count": sessions,
            "search_count": searches,
            "planted_type": kind,
        }
    )


def _segmenter(**overrides) -> Segmenter:
    params = {
        "features": FEATURES,
        "impute": {"recency_days": "max", "avg_order_value": "zero"},
        "n_init": 4,
        "k_max": 8,
    }
    return Segmenter(**{**params, **overrides})


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return planted_customers()


@pytest.fixture(scope="module")
def fitted(customers) -> Segmenter:
    return _segmenter().fit(customers)


def test_planted_types_are_recovered(fitted, customers):
    # 5 types; heavy browsers with and without a purchase may form two segments
    assert fitted.k_ in (5, 6)
    assert adjusted_rand_score(customers["planted_type"], fitted.labels_) >= 0.8


def test_names_describe_the_planted_types(fitted, customers):
    names = dict(zip(fitted.segment_ids_, fitted.segment_names_, strict=True))
    majority = (
        pd.DataFrame(
            {"segment": [names[i] for i in fitted.labels_], "type": customers["planted_type"]}
        )
        .groupby("type")["segment"]
        .agg(lambda values: values.mode()[0].lower())
    )
    assert "one-time buyers" in majority["one_time"]
    assert "non-buyers" in majority["browser"] or "browsers" in majority["browser"]
    assert "lapsed" in majority["lapsed"]
    assert "high value" in majority["loyal"]
    assert "searchers" in majority["bargain"] or "small baskets" in majority["bargain"]
    assert len(set(names.values())) == len(names)


def test_predict_reproduces_the_fit_assignment(fitted, customers):
    np.testing.assert_array_equal(fitted.predict(customers), fitted.labels_)


def test_row_order_does_not_change_the_result(fitted, customers):
    shuffled = customers.sample(frac=1.0, random_state=5)
    assert _segmenter().fit(shuffled).artifact_table().equals(fitted.artifact_table())


def test_refit_on_the_same_data_keeps_everything(fitted, customers):
    previous = PreviousRun.from_artifacts(fitted.artifact_table())
    again = _segmenter().fit(customers, previous=previous)
    assert again.segment_ids_ == fitted.segment_ids_
    assert again.previous_adjusted_rand_index_ == pytest.approx(1.0)
    assert again.matched_segments_ == fitted.k_
    without_run_row = [kind for kind in ARTIFACT_KINDS if kind != "run"]
    assert _rows(again, without_run_row).equals(_rows(fitted, without_run_row))


def test_five_percent_more_customers_keep_segment_ids(fitted, customers):
    extra = planted_customers(n=75, seed=1, start=len(customers))
    grown = pd.concat([customers, extra], ignore_index=True)
    retrained = _segmenter(random_state=7).fit(
        grown, previous=PreviousRun.from_artifacts(fitted.artifact_table())
    )
    assert sorted(retrained.segment_ids_) == sorted(fitted.segment_ids_)
    same = retrained.predict(customers) == fitted.predict(customers)
    assert same.mean() >= 0.97
    assert retrained.previous_adjusted_rand_index_ >= 0.9
    assert retrained.new_segments_ == 0 and retrained.retired_segments_ == 0


def test_without_previous_run_ids_are_numbered_by_size(fitted):
    sizes = dict(zip(fitted.segment_ids_, fitted.segment_sizes_, strict=True))
    assert list(sizes) == [f"S{i:02d}" for i in range(1, fitted.k_ + 1)]
    assert list(sizes.values()) == sorted(sizes.values(), reverse=True)


def test_previous_run_on_other_features_does_not_match(fitted, customers):
    other = _segmenter(features=["order_count"], impute=None).fit(customers)
    renamed = other.artifact_table().to_pandas()
    renamed["feature"] = renamed["feature"].replace("order_count", "loyalty")
    renamed["dimension"] = renamed["dimension"].replace("order_count", "loyalty")
    fresh = _segmenter().fit(customers, previous=PreviousRun.from_artifacts(renamed))
    assert fresh.matched_segments_ == 0
    assert np.isnan(fresh.previous_adjusted_rand_index_)


def test_artifact_table_has_every_kind_and_no_nan(fitted):
    table = fitted.artifact_table()
    frame = table.to_pandas()
    # Every feature has a value and varies here, so none is dropped.
    assert set(frame["artifact"]) == set(ARTIFACT_KINDS) - {"dropped_feature"}
    k, n_features = fitted.k_, len(FEATURES)
    counts = frame["artifact"].value_counts()
    assert counts["centroid"] == counts["scoring_centroid"] == k * n_features
    assert counts["preprocessing"] == n_features
    assert counts["projection"] == n_features * n_features
    numeric = frame.select_dtypes("number")
    assert not np.isnan(numeric.to_numpy(dtype=float, na_value=0.0)).any()
    assert table.schema.field("segment_id").type == pa.string()


def test_rms_radius_and_sizes_describe_the_sample(fitted, customers):
    assert fitted.segment_sizes_.sum() == len(customers)
    points = fitted.preparer_.transform(customers)
    index = [fitted.segment_ids_.index(label) for label in fitted.labels_]
    distance = np.linalg.norm(points - fitted.centroids_[index], axis=1)
    first = np.asarray(fitted.labels_) == fitted.segment_ids_[0]
    assert fitted.rms_radius_[0] == pytest.approx(np.sqrt((distance[first] ** 2).mean()))


@pytest.mark.parametrize(
    "algorithm",
    [
        pytest.param("kmeans", id="kmeans"),
        pytest.param("minibatch_kmeans", id="minibatch"),
        pytest.param("gaussian_mixture", id="gmm"),
        pytest.param("agglomerative", id="agglomerative"),
    ],
)
def test_algorithms_recover_well_separated_blobs(algorithm):
    points, truth = make_blobs(n_samples=900, centers=4, n_features=3, random_state=11)
    frame = pd.DataFrame(points, columns=["a", "b", "c"])
    model = Segmenter(
        features=["a", "b", "c"],
        log1p="none",
        algorithm=algorithm,
        k_max=6,
        n_init=3,
        pairwise_sample_size=400,
    ).fit(frame)
    assert model.k_ == 4
    assert adjusted_rand_score(truth, model.labels_) >= 0.95


def test_dbscan_finds_k_and_assigns_noise_to_the_nearest_centroid():
    points, truth = make_blobs(
        n_samples=600, centers=3, n_features=2, cluster_std=0.4, random_state=2
    )
    noise = np.array([[30.0, 30.0], [-30.0, 25.0]])
    frame = pd.DataFrame(np.vstack([points, noise]), columns=["a", "b"])
    model = Segmenter(
        features=["a", "b"], log1p="none", algorithm="dbscan", dbscan_eps=0.3, dbscan_min_samples=5
    ).fit(frame)
    assert model.k_ == 3
    assert model.k_scores_["k"].tolist() == [3]
    assert len(model.labels_) == len(frame)  # noise points are assigned too
    assert adjusted_rand_score(truth, model.labels_[: len(points)]) >= 0.95
    radius = dict(zip(model.segment_ids_, model.rms_radius_, strict=True))
    points_all = model.preparer_.transform(frame)
    noise_distance = np.linalg.norm(
        points_all[-1] - model.centroids_[model.segment_ids_.index(model.labels_[-1])]
    )
    assert noise_distance / radius[model.labels_[-1]] > 3


def test_pca_scoring_space_recovers_blobs():
    points, truth = make_blobs(n_samples=900, centers=4, n_features=6, random_state=4)
    frame = pd.DataFrame(points, columns=[f"f{i}" for i in range(6)])
    model = Segmenter(features=list(frame.columns), log1p="none", pca_components=3, n_init=3).fit(
        frame
    )
    assert model.centroids_.shape == (model.k_, 3)
    assert adjusted_rand_score(truth, model.labels_) >= 0.95
    np.testing.assert_array_equal(model.predict(frame), model.labels_)


@pytest.mark.parametrize("n_rows", [pytest.param(1, id="one"), pytest.param(2, id="two")])
def test_fewer_customers_than_k_min_give_one_segment(customers, n_rows):
    model = _segmenter().fit(customers.head(n_rows))
    assert model.k_ == 1
    assert model.segment_ids_ == ["S01"]
    assert model.k_scores_.empty
    assert model.artifact_table().num_rows > 0


def test_duplicate_customer_ids_are_rejected(customers):
    with pytest.raises(ValueError, match="unique"):
        _segmenter().fit(pd.concat([customers.head(3), customers.head(3)]))


def _rows(model: Segmenter, kinds: list[str]) -> pa.Table:
    frame = model.artifact_table().to_pandas()
    return pa.Table.from_pandas(frame[frame["artifact"].isin(kinds)].reset_index(drop=True))


def test_nearest_centroid_is_exact_chunked_and_breaks_ties_low():
    centroids = np.array([[0.0, 0.0], [10.0, 0.0]])
    points = np.array([[3.0, 4.0], [5.0, 0.0], [10.0, 1.0]] * 3)
    index, distance = nearest_centroid(points, centroids, chunk_size=2)
    assert index.tolist() == [0, 0, 1] * 3
    assert distance.tolist() == [5.0, 5.0, 1.0] * 3


def test_features_without_value_or_spread_are_left_out_and_recorded():
    points, _ = make_blobs(n_samples=400, centers=4, n_features=2, random_state=1)
    frame = pd.DataFrame(points, columns=["a", "b"]).assign(
        customer_id=[f"c{i:04d}" for i in range(400)], events=np.nan, flat=7.0
    )
    model = Segmenter(features=["a", "events", "b", "flat"], log1p="none", n_init=2).fit(frame)
    assert model.dropped_features_ == {"events": "no value", "flat": "constant"}
    assert model.preparer_.features_ == ["a", "b"]
    artifacts = model.artifact_table().to_pandas()
    dropped = artifacts.query("artifact == 'dropped_feature'")
    assert dropped[["feature", "feature_position", "reason"]].to_numpy().tolist() == [
        ["events", 2, "no value"],
        ["flat", 4, "constant"],
    ]
    # No invented value for a dropped feature anywhere else in the artifacts.
    others = artifacts.query("artifact != 'dropped_feature'")
    assert set(others["feature"].dropna()) == {"a", "b"}


def test_constant_features_stay_when_nothing_else_varies():
    frame = pd.DataFrame({"customer_id": ["c1", "c2"], "a": [1.0, 1.0], "b": [np.nan, np.nan]})
    model = Segmenter(features=["a", "b"], log1p="none", n_init=1).fit(frame)
    assert model.dropped_features_ == {"b": "no value"}
    assert model.k_ == 1


def test_a_sample_without_any_feature_value_fails_with_the_features_named():
    frame = pd.DataFrame({"customer_id": ["c1", "c2"], "a": [np.nan, np.nan]})
    with pytest.raises(ValueError, match=r"no clustering feature has a value.*\(a\)"):
        Segmenter(features=["a"], n_init=1).fit(frame)


def test_a_previous_table_without_the_newer_columns_still_gives_stable_ids(fitted, customers):
    older = (
        fitted.artifact_table()
        .to_pandas()
        .drop(columns=["is_in_range", "k_min", "k_max", "unbounded_k", "reason"])
    )
    again = _segmenter().fit(customers, previous=PreviousRun.from_artifacts(older))
    assert again.matched_segments_ == fitted.k_
    assert again.segment_ids_ == fitted.segment_ids_
