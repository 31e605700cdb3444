"""Stable segment ids across retrains.

Segment ids are text keys ``S01``, ``S02``, ... A first run numbers segments by
size (largest first; ties by centroid coordinates). A later run matches its
centroids to the previous run's with the Hungarian algorithm
(:func:`scipy.optimize.linear_sum_assignment`) on the Euclidean distance
between centroids, both expressed in *this* run's standardised feature space
(previous centroids are stored in original units and re-standardised, so a
shifted scale does not break the match). Matched segments keep the previous
id; pairs further apart than ``max_distance`` are not matched; unmatched new
segments get fresh numbers above every id used before.
"""

from __future__ import annotations

import re

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist

_ID_PATTERN = re.compile(r"^S(\d+)$")


def format_segment_id(number: int) -> str:
    """``7`` -> ``"S07"``."""
    return f"S{number:02d}"


def segment_number(segment_id: str) -> int:
    """``"S07"`` -> ``7``; raises ValueError for anything else."""
    match = _ID_PATTERN.match(str(segment_id))
    if not match:
        raise ValueError(f"not a segment id: {segment_id!r}")
    return int(match.group(1))


def initial_order(centroids: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Positions of segments sorted by size descending, then by centroid (deterministic)."""
    keys = [
        (-int(size), tuple(np.round(centroid, 9)))
        for size, centroid in zip(sizes, centroids, strict=True)
    ]
    return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=int)


def match_segment_ids(
    centroids: np.ndarray,
    sizes: np.ndarray,
    previous_centroids: np.ndarray | None = None,
    previous_ids: list[str] | None = None,
    *,
    max_distance: float | None = None,
) -> list[str]:
    """Segment id for each row of ``centroids``.

    Parameters
    ----------
    centroids : ndarray of shape (k, n_features)
        This run's centroids.
    sizes : ndarray of shape (k,)
        Members per segment (orders the first run and the fresh ids).
    previous_centroids : ndarray of shape (k_previous, n_features), optional
        The previous run's centroids in the same space as ``centroids``.
    previous_ids : list of str, optional
        Their ids.
    max_distance : float, optional
        Pairs further apart than this are left unmatched (default: no limit).

    Returns
    -------
    list of str
        Unique ids, in the order of ``centroids``.
    """
    centroids = np.asarray(centroids, dtype=float)
    ids: list[str | None] = [None] * len(centroids)
    used_numbers = [0]
    if previous_centroids is not None and len(previous_centroids) and previous_ids:
        previous_centroids = np.asarray(previous_centroids, dtype=float)
        if len(previous_ids) != len(previous_centroids):
            raise ValueError("previous_ids and previous_centroids differ in length")
        used_numbers += [segment_number(value) for value in previous_ids]
        cost = cdist(centroids, previous_centroids)
        rows, cols = linear_sum_assignment(cost)
        for row, col in zip(rows, cols, strict=True):
            if max_distance is None or cost[row, col] <= max_distance:
                ids[row] = previous_ids[col]
    next_number = max(used_numbers) + 1
    for position in initial_order(centroids, np.asarray(sizes)):
        if ids[position] is None:
            ids[position] = format_segment_id(next_number)
            next_number += 1
    return [str(value) for value in ids]
