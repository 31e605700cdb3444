"""The customer map: the fit's standardisation, PCA on the sample, centres on the map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from segwarehouse.report.customer_map import customer_map, standardise

FEATURES = ["spend", "visits"]


def preprocessing_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "feature": ["visits", "spend"],  # order differs from FEATURES on purpose
            "impute_value": [3.0, 10.0],
            "is_log1p": [False, True],
            "center": [2.0, 1.0],
            "scale": [2.0, 0.5],
        }
    )


def test_standardise_applies_the_fit_parameters_per_feature():
    values = pd.DataFrame({"spend": [np.nan, -5.0, np.e - 1], "visits": [4.0, np.nan, 0.0]})
    z = standardise(values, FEATURES, preprocessing_frame())
    expected_spend = [(np.log1p(10.0) - 1) / 0.5, (0.0 - 1) / 0.5, (1.0 - 1) / 0.5]
    expected_visits = [(4.0 - 2) / 2, (3.0 - 2) / 2, (0.0 - 2) / 2]
    np.testing.assert_allclose(z[:, 0], expected_spend)
    np.testing.assert_allclose(z[:, 1], expected_visits)


def test_standardise_without_parameters_imputes_medians_and_makes_z_scores():
    values = pd.DataFrame({"spend": [1.0, 2.0, np.nan, 9.0], "visits": [5.0, 5.0, 5.0, 5.0]})
    z = standardise(values, FEATURES, None)
    assert z[2, 0] == pytest.approx((2.0 - np.mean([1, 2, 2, 9])) / np.std([1, 2, 2, 9]))
    np.testing.assert_allclose(z.mean(axis=0), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(z[:, 1], 0.0)  # a constant feature stays finite


def two_clusters(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    low = rng.normal([1.0, 2.0], 0.3, size=(40, 2))
    high = rng.normal([6.0, 9.0], 0.3, size=(60, 2))
    frame = pd.DataFrame(np.vstack([low, high]), columns=FEATURES)
    frame["segment_id"] = ["S2"] * 40 + ["S1"] * 60
    frame["segment_name"] = ["Low"] * 40 + ["High"] * 60
    return frame


def test_first_axis_separates_well_separated_segments():
    result = customer_map(two_clusters(), FEATURES)
    assert result.segment_names == ["High", "Low"]  # ordered by segment id
    first_axis = result.coordinates[:, 0]
    high, low = first_axis[result.segment_index == 0], first_axis[result.segment_index == 1]
    assert high.min() > low.max() or high.max() < low.min()
    assert result.explained_variance_ratio[0] > 0.9
    assert sum(result.explained_variance_ratio) <= 1 + 1e-9
    assert result.centres == []  # without the fit's standardisation centres are not drawn
    assert not result.uses_fit_preprocessing


def test_centres_land_on_the_mean_of_their_customers():
    sample = two_clusters()
    parameters = pd.DataFrame(
        {
            "feature": FEATURES,
            "impute_value": [0.0, 0.0],
            "is_log1p": [False, False],
            "center": [3.0, 5.0],
            "scale": [2.0, 3.0],
        }
    )
    z = standardise(sample, FEATURES, parameters)
    centroids = pd.DataFrame(
        [
            {"segment_id": segment, "feature": feature, "standardized_value": value}
            for segment in ("S1", "S2")
            for feature, value in zip(
                FEATURES, z[sample["segment_id"].to_numpy() == segment].mean(axis=0), strict=True
            )
        ]
    )
    result = customer_map(sample, FEATURES, parameters, centroids)
    assert result.uses_fit_preprocessing
    assert len(result.centres) == 2
    for x, y, index in result.centres:
        members = result.coordinates[result.segment_index == index]
        np.testing.assert_allclose([x, y], members.mean(axis=0), atol=1e-9)


def test_map_is_deterministic():
    first = customer_map(two_clusters(), FEATURES)
    second = customer_map(two_clusters(), FEATURES)
    np.testing.assert_array_equal(first.coordinates, second.coordinates)


def test_a_single_feature_still_gives_a_map():
    sample = two_clusters()[["spend", "segment_id", "segment_name"]]
    result = customer_map(sample, ["spend"])
    assert result.coordinates.shape == (100, 2)
    np.testing.assert_array_equal(result.coordinates[:, 1], 0.0)


def test_too_few_customers_are_rejected():
    with pytest.raises(ValueError, match="at least 3"):
        customer_map(two_clusters().head(2), FEATURES)
