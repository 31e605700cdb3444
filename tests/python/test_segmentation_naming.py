"""Segment names: readable, from the profile relative to the base, unique, deterministic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segwarehouse.segmentation.naming import TYPICAL, name_segments
from segwarehouse.segmentation.profiles import median_sides

FEATURES = ["total_revenue", "order_count", "recency_days", "avg_order_value", "session_count"]


def _names(relative_rows, order_counts=None, **kwargs):
    relative = pd.DataFrame(relative_rows, columns=FEATURES)
    means = None
    if order_counts is not None:
        means = pd.DataFrame({name: [1.0] * len(relative) for name in FEATURES})
        means["order_count"] = order_counts
    return name_segments(relative, means, **kwargs)


@pytest.mark.parametrize(
    ("deviation", "order_count", "expected"),
    [
        pytest.param([1.5, 1.2, -1.0, 0.2, 0.1], 9.0, "High value · frequent · recent", id="loyal"),
        pytest.param(
            [-0.6, -0.9, 1.3, 0.0, 0.0],
            1.0,
            "Low value · lapsed · one-time buyers",
            id="lapsed-one-time",
        ),
        pytest.param(
            [-1.0, -1.0, 0.0, 0.0, 2.0], 0.2, "Heavy browsers · non-buyers", id="browsers"
        ),
        pytest.param([0.1, -0.2, 0.3, 0.0, 0.0], 3.0, TYPICAL, id="typical"),
    ],
)
def test_profiles_get_descriptive_names(deviation, order_count, expected):
    assert _names([deviation], [order_count]) == [expected]


def test_words_are_written_in_group_order_whatever_their_strength():
    (name,) = _names([[0.6, 0.0, -2.0, 0.0, 0.0]])
    assert name == "High value · recent"


def test_at_most_max_traits_words():
    (name,) = _names([[2.0, 1.9, -1.8, 1.7, 1.6]], max_traits=2)
    assert name == "High value · frequent"


def test_features_of_one_group_give_one_word():
    relative = pd.DataFrame([[1.0, 2.0]], columns=["total_revenue", "monetary_value"])
    assert name_segments(relative) == ["High value"]


def test_unknown_feature_gets_a_generic_word():
    relative = pd.DataFrame([[1.2]], columns=["loyalty_points"])
    assert name_segments(relative) == ["High loyalty points"]


def test_colliding_names_get_more_traits():
    names = _names([[1.5, 0.0, 0.0, 0.3, 0.0], [1.5, 0.0, 0.0, -0.3, 0.0]], max_traits=1)
    assert names == ["High value · big baskets", "High value · small baskets"]


def test_identical_profiles_are_numbered():
    names = _names([[1.0, 0.0, 0.0, 0.0, 0.0]] * 3)
    assert names == ["High value", "High value (2)", "High value (3)"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(-3, 3, allow_nan=False), min_size=5, max_size=5),
        min_size=1,
        max_size=10,
    )
)
def test_names_are_unique_and_deterministic(rows):
    first = _names(rows)
    assert len(set(first)) == len(first)
    assert first == _names(rows)


def test_a_word_needs_the_median_on_its_side_not_only_the_mean():
    relative = pd.DataFrame([[1.5, 1.2, -1.0, 0.0, 0.0]], columns=FEATURES)
    # Mean recency says "recent", but the median lies on the base median: no word.
    sides = pd.DataFrame([[1.0, 1.0, 0.0, 0.0, 0.0]], columns=FEATURES)
    assert name_segments(relative, sides=sides) == ["High value · frequent"]


def test_median_sides_need_the_margin_beyond_the_base_median():
    values = pd.DataFrame({"recency_days": [1.0, 2, 3, 4, 100, 101, 102, 103, 50, 51]})
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
    # Base median 50.5, IQR 97.75 (pandas linear quantiles): segment 2's
    # median 50.5 is not beyond it; segment 0 is below, 1 above.
    sides = median_sides(values, labels, 3)
    assert sides["recency_days"].tolist() == [-1.0, 1.0, 0.0]
