"""PropensityParams: conversion of dbt var values and the messages for bad ones."""

from __future__ import annotations

import json

import pytest

from segwarehouse.propensity import PropensityParams
from segwarehouse.propensity.params import DEFAULT_FEATURES


def test_defaults_are_logistic_regression_30_days_top_fifth():
    params = PropensityParams.from_mapping({})
    assert params.algorithm == "logistic_regression"
    assert params.horizon_days == 30
    assert params.threshold == "top_share"
    assert params.threshold_rule == "top_share"
    assert params.top_share == 0.2
    assert params.bgnbd_penalizer == 0.001
    assert params.features == DEFAULT_FEATURES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(["a", "b"], ("a", "b"), id="list"),
        pytest.param("['a', 'b']", ("a", "b"), id="python-literal"),
        pytest.param('["a", "b"]', ("a", "b"), id="json"),
        pytest.param("a, b", ("a", "b"), id="comma-text"),
    ],
)
def test_features_accept_every_form_a_var_arrives_in(raw, expected):
    assert PropensityParams.from_mapping({"features": raw}).features == expected


def test_numbers_given_as_text_are_converted():
    params = PropensityParams.from_mapping(
        {"horizon_days": "14", "test_share": "0.3", "threshold": "0.25", "random_state": "7"}
    )
    assert PropensityParams.from_mapping({"top_share": "0.1"}).top_share == 0.1
    assert (params.horizon_days, params.test_share, params.threshold, params.random_state) == (
        14,
        0.3,
        0.25,
        7,
    )
    assert params.threshold_rule == "fixed"


def test_none_means_default():
    assert PropensityParams.from_mapping({"algorithm": None}).algorithm == "logistic_regression"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        pytest.param({"algorithm": "svm"}, "algorithm must be one of", id="algorithm"),
        pytest.param({"horizon_days": 0}, "horizon_days", id="horizon-zero"),
        pytest.param({"horizon_days": "2.5"}, "whole number", id="horizon-fraction"),
        pytest.param({"test_share": 1}, "test_share", id="test-share"),
        pytest.param({"threshold": "best"}, "threshold", id="threshold-word"),
        pytest.param({"threshold": 1.5}, "threshold", id="threshold-range"),
        pytest.param({"threshold": "f1"}, "'top_share' or a probability", id="threshold-f1"),
        pytest.param({"top_share": 1}, "top_share must be in", id="top-share"),
        pytest.param({"bgnbd_penalizer": -1}, "bgnbd_penalizer", id="penalizer"),
        pytest.param({"min_customers": 3}, "min_customers", id="min-customers"),
        pytest.param({"features": []}, "features", id="no-features"),
        pytest.param({"features": ["a", "a"]}, "distinct", id="duplicate-features"),
        pytest.param({"random_state": True}, "number", id="bool-seed"),
        pytest.param({"n_threads": 0}, "n_threads", id="no-threads"),
        pytest.param({"colour": "red"}, "unknown propensity parameters", id="unknown-key"),
    ],
)
def test_bad_values_are_rejected_with_a_message(mapping, message):
    with pytest.raises(ValueError, match=message):
        PropensityParams.from_mapping(mapping)


def test_to_json_is_canonical():
    text = PropensityParams.from_mapping({"features": ["b", "a"]}).to_json()
    assert json.loads(text)["features"] == ["b", "a"]
    assert text == PropensityParams.from_mapping({"features": "b, a"}).to_json()
