"""Stable segment ids: Hungarian matching of centroids to the previous run's."""

from __future__ import annotations

import numpy as np
import pytest

from segwarehouse.segmentation.matching import (
    format_segment_id,
    initial_order,
    match_segment_ids,
    segment_number,
)

PREVIOUS = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
PREVIOUS_IDS = ["S01", "S02", "S03"]


def test_first_run_numbers_segments_by_size():
    ids = match_segment_ids(PREVIOUS, sizes=np.array([10, 30, 20]))
    assert ids == ["S03", "S01", "S02"]


def test_equal_sizes_are_ordered_by_centroid():
    order = initial_order(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([5, 5]))
    assert order.tolist() == [1, 0]


def test_permuted_and_shifted_centroids_keep_their_ids():
    new = PREVIOUS[[2, 0, 1]] + 0.3
    ids = match_segment_ids(new, np.array([1, 1, 1]), PREVIOUS, PREVIOUS_IDS)
    assert ids == ["S03", "S01", "S02"]


def test_an_extra_segment_gets_a_fresh_id_above_all_previous():
    new = np.vstack([PREVIOUS, [[9.0, 9.0]]])
    ids = match_segment_ids(new, np.array([1, 1, 1, 1]), PREVIOUS, ["S01", "S04", "S02"])
    assert ids == ["S01", "S04", "S02", "S05"]


def test_a_lost_segment_retires_its_id():
    ids = match_segment_ids(PREVIOUS[[0, 2]], np.array([1, 1]), PREVIOUS, PREVIOUS_IDS)
    assert ids == ["S01", "S03"]


def test_hungarian_assignment_is_globally_optimal_not_greedy():
    previous = np.array([[0.0], [3.0]])
    new = np.array([[1.0], [4.5]])  # greedy nearest-first would give both to "S02"
    ids = match_segment_ids(new, np.array([1, 1]), previous, ["S01", "S02"])
    assert ids == ["S01", "S02"]


def test_max_distance_leaves_far_pairs_unmatched():
    new = np.array([[0.1, 0.0], [50.0, 50.0], [0.0, 5.1]])
    ids = match_segment_ids(new, np.array([1, 2, 1]), PREVIOUS, PREVIOUS_IDS, max_distance=1.0)
    assert ids == ["S01", "S04", "S03"]


@pytest.mark.parametrize("number", [1, 9, 10, 123])
def test_id_format_round_trips(number):
    assert segment_number(format_segment_id(number)) == number


def test_malformed_previous_id_is_rejected():
    with pytest.raises(ValueError, match="segment id"):
        match_segment_ids(PREVIOUS, np.array([1, 1, 1]), PREVIOUS, ["a", "b", "c"])
