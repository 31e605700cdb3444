"""k selection: validity indices per k and the documented choice rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from segwarehouse.segmentation import Segmenter
from segwarehouse.segmentation.selection import (
    SCORE_COLUMNS,
    choose_k,
    partition_scores,
    silhouette_subset,
)


def _scores(rows):
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _row(k, silhouette, davies_bouldin=1.0, calinski_harabasz=100.0, share=0.1, n=None):
    return [k, k if n is None else n, silhouette, davies_bouldin, calinski_harabasz, 1.0, share]


@pytest.mark.parametrize("centers", [pytest.param(c, id=f"{c}-blobs") for c in (3, 4, 6)])
def test_automatic_k_recovers_the_number_of_blobs(centers):
    points, _ = make_blobs(n_samples=1500, centers=centers, n_features=5, random_state=3)
    frame = pd.DataFrame(points, columns=[f"f{i}" for i in range(5)])
    model = Segmenter(features=list(frame.columns), log1p="none", k_min=2, k_max=8, n_init=4).fit(
        frame
    )
    assert model.k_ == model.unbounded_k_ == centers
    # The reference range 2..10 is scored too; only 2..8 may be chosen.
    assert model.k_scores_["k"].tolist() == list(range(2, 11))
    assert model.k_scores_["is_in_range"].tolist() == [k <= 8 for k in range(2, 11)]
    assert model.k_scores_["is_chosen"].sum() == 1


def test_business_range_bounds_the_choice_and_records_the_unbounded_best():
    points, _ = make_blobs(n_samples=1500, centers=3, n_features=5, random_state=3)
    frame = pd.DataFrame(points, columns=[f"f{i}" for i in range(5)])
    model = Segmenter(features=list(frame.columns), log1p="none", n_init=4).fit(frame)
    assert 4 <= model.k_ <= 8  # the default business range
    assert model.unbounded_k_ == 3
    run = model.artifact_table().to_pandas().query("artifact == 'run'").iloc[0]
    assert (run["k_min"], run["k_max"], run["unbounded_k"]) == (4, 8, 3)


def test_a_forced_k_is_the_only_one_fitted_and_has_no_unbounded_best():
    points, _ = make_blobs(n_samples=300, centers=3, n_features=3, random_state=3)
    frame = pd.DataFrame(points, columns=["a", "b", "c"])
    model = Segmenter(features=["a", "b", "c"], log1p="none", k=5, n_init=2).fit(frame)
    assert model.k_scores_["k"].tolist() == [5]
    assert model.unbounded_k_ is None


def test_silhouette_rule_takes_the_best_and_smaller_k_on_ties():
    table = _scores([_row(2, 0.5), _row(3, 0.7), _row(4, 0.7), _row(5, 0.6)])
    assert choose_k(table, "silhouette") == 3


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        pytest.param("silhouette", 3, id="silhouette"),
        pytest.param("davies_bouldin", 4, id="davies-bouldin"),
        pytest.param("calinski_harabasz", 2, id="calinski-harabasz"),
        pytest.param("mean_rank", 3, id="mean-rank"),
    ],
)
def test_each_rule_uses_its_own_direction(rule, expected):
    table = _scores(
        [
            _row(2, 0.5, davies_bouldin=0.9, calinski_harabasz=300.0),
            _row(3, 0.7, davies_bouldin=0.6, calinski_harabasz=250.0),
            _row(4, 0.6, davies_bouldin=0.5, calinski_harabasz=100.0),
        ]
    )
    assert choose_k(table, rule) == expected


def test_k_with_a_tiny_segment_is_not_eligible():
    table = _scores([_row(2, 0.5, share=0.3), _row(3, 0.9, share=0.005)])
    assert choose_k(table, "silhouette", min_segment_share=0.02) == 2


def test_k_with_an_empty_segment_is_not_eligible():
    table = _scores([_row(2, 0.5), _row(3, 0.9, n=2)])
    assert choose_k(table, "silhouette") == 2


def test_when_nothing_is_eligible_every_k_is():
    table = _scores([_row(2, 0.5, share=0.001), _row(3, 0.9, share=0.001)])
    assert choose_k(table, "silhouette", min_segment_share=0.02) == 3


def test_unknown_rule_is_rejected():
    with pytest.raises(ValueError, match="k_rule"):
        choose_k(_scores([_row(2, 0.5)]), "elbow")


def test_partition_scores_on_a_known_partition():
    points = np.array([[0.0], [2.0], [10.0], [12.0]])
    labels = np.array([0, 0, 1, 1])
    centroids = np.array([[1.0], [11.0]])
    scores = partition_scores(points, labels, centroids, np.arange(4))
    assert scores["mean_squared_distance"] == pytest.approx(1.0)
    assert scores["min_segment_share"] == pytest.approx(0.5)
    # silhouette (b - a) / b with a = 2 and b = mean distance to the other pair: 11 or 9
    assert scores["silhouette"] == pytest.approx(np.mean([9 / 11, 7 / 9, 7 / 9, 9 / 11]))
    assert scores["davies_bouldin"] == pytest.approx((1 + 1) / 10)


def test_silhouette_subset_is_fixed_and_bounded():
    first = silhouette_subset(10_000, 500, random_state=7)
    assert len(first) == 500
    np.testing.assert_array_equal(first, silhouette_subset(10_000, 500, random_state=7))
    np.testing.assert_array_equal(silhouette_subset(300, 500, random_state=7), np.arange(300))
