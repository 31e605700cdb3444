"""Segmentation parameters from dbt vars: coercion and helpful rejections."""

from __future__ import annotations

import json
from dataclasses import MISSING, fields

import pytest

from segwarehouse.segmentation import SegmentationParams, Segmenter


def test_from_mapping_coerces_var_strings():
    params = SegmentationParams.from_mapping(
        {"features": "a, b", "k": "4", "dbscan_eps": "0.3", "log1p": ["b"], "impute": {"a": 0}}
    )
    assert params.features == ("a", "b")
    assert params.k == 4
    assert params.dbscan_eps == 0.3
    assert params.log1p == ("b",)
    assert params.k_values == (4,)


def test_none_values_fall_back_to_defaults():
    params = SegmentationParams.from_mapping({"features": ["a"], "k_max": None})
    assert params.k_values == tuple(range(2, 11))


@pytest.mark.parametrize(
    ("override", "message"),
    [
        pytest.param({"features": []}, "features", id="no-features"),
        pytest.param({"algorithm": "kmedoids"}, "algorithm .*got 'kmedoids'", id="algorithm"),
        pytest.param({"scaler": "minmax"}, "scaler .*got 'minmax'", id="scaler"),
        pytest.param({"k": 1}, "k must be", id="k-one"),
        pytest.param({"k": 51}, "between 2 and 50, got 51", id="k-too-large"),
        pytest.param({"k_min": 5, "k_max": 3}, "k_min", id="k-range"),
        pytest.param({"k_max": 60}, "k_max <= 50, got 4 and 60", id="k-max-too-large"),
        pytest.param({"impute": {"zzz": "median"}}, "not a feature", id="impute-feature"),
        pytest.param({"impute": {"a": "mode"}}, "impute", id="impute-strategy"),
        pytest.param({"log1p": ["zzz"]}, "log1p", id="log1p-feature"),
        pytest.param({"pca_components": 3}, "pca_components", id="pca-too-many"),
        pytest.param({"n_init": "many"}, "integer", id="not-an-integer"),
        pytest.param({"colour": "red"}, "unknown", id="unknown-key"),
    ],
)
def test_bad_values_are_rejected_with_a_message(override, message):
    with pytest.raises(ValueError, match=message):
        SegmentationParams.from_mapping({"features": ["a", "b"], **override})


def test_json_is_canonical():
    params = SegmentationParams(features=("a", "b"))
    assert json.loads(params.to_json())["features"] == ["a", "b"]
    assert params.to_json() == SegmentationParams(features=("a", "b")).to_json()


def test_segmenter_defaults_are_the_parameter_defaults():
    defaults = Segmenter().get_params()
    defaults.pop("max_match_distance")
    for item in fields(SegmentationParams):
        expected = item.default if item.default is not MISSING else item.default_factory()
        assert defaults[item.name] in (expected, None if expected == {} else expected), item.name
