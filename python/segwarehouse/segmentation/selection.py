"""Scores of a partition and the rule that picks the number of segments.

Each candidate k is scored on the partition customers actually get (nearest
centroid), with three internal validity indices:

- silhouette (higher is better, -1..1), on a fixed random subset of at most
  ``pairwise_sample_size`` points, the same subset for every k, because its
  cost is quadratic;
- Davies-Bouldin (lower is better, >= 0), on the whole sample;
- Calinski-Harabasz (higher is better), on the whole sample;

plus the mean squared distance to the own centroid and the share of the
smallest segment.

The rule (``k_rule``): among *eligible* k — every segment holds at least
``min_segment_share`` of the sample and all k segments are non-empty — take
the k with the lowest mean rank over the three indices (``mean_rank``, the
default), or the best value of one index (``silhouette``, ``davies_bouldin``,
``calinski_harabasz``). Ties go to the smaller k. If no k is eligible, every
k is. The consensus is the default because one index alone is often flat over
several k (on the demo data the silhouette differs by less than 0.005 between
k = 5 and k = 9, and picks 8), while the three together rarely are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

from .params import K_RULES

SCORE_COLUMNS = [
    "k",
    "n_segments",
    "silhouette",
    "davies_bouldin",
    "calinski_harabasz",
    "mean_squared_distance",
    "min_segment_share",
]
_DIRECTION = {"silhouette": False, "davies_bouldin": True, "calinski_harabasz": False}


def silhouette_subset(n_samples: int, size: int, random_state: int) -> np.ndarray:
    """Sorted indices of the fixed subset used for the silhouette (all when small)."""
    if n_samples <= size:
        return np.arange(n_samples)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n_samples, size=size, replace=False))


def partition_scores(
    points: np.ndarray, labels: np.ndarray, centroids: np.ndarray, subset: np.ndarray
) -> dict[str, float]:
    """Validity indices of one partition (labels index into ``centroids``)."""
    n_segments = len(np.unique(labels))
    counts = np.bincount(labels, minlength=len(centroids))
    squared = ((points - centroids[labels]) ** 2).sum(axis=1)
    scores = {
        "n_segments": n_segments,
        "silhouette": np.nan,
        "davies_bouldin": np.nan,
        "calinski_harabasz": np.nan,
        "mean_squared_distance": float(squared.mean()),
        "min_segment_share": float(counts.min() / len(labels)),
    }
    if 2 <= n_segments < len(points):
        scores["davies_bouldin"] = float(davies_bouldin_score(points, labels))
        scores["calinski_harabasz"] = float(calinski_harabasz_score(points, labels))
        if 2 <= len(np.unique(labels[subset])) < len(subset):
            scores["silhouette"] = float(silhouette_score(points[subset], labels[subset]))
    return scores


def choose_k(scores: pd.DataFrame, rule: str = "mean_rank", min_segment_share: float = 0.0):
    """The k picked by ``rule`` from a table with :data:`SCORE_COLUMNS` (see module doc)."""
    if rule not in K_RULES:
        raise ValueError(f"k_rule must be one of {K_RULES}, got {rule!r}")
    if scores.empty:
        raise ValueError("no k was scored")
    eligible = scores[
        (scores["min_segment_share"] >= min_segment_share)
        & (scores["n_segments"] == scores["k"])
        & scores["silhouette"].notna()
    ]
    if eligible.empty:
        eligible = scores
    ranked = eligible.assign(criterion=_criterion(eligible, rule).round(12))
    ranked = ranked.sort_values(["criterion", "k"], na_position="last", kind="stable")
    return int(ranked["k"].iloc[0])


def _criterion(scores: pd.DataFrame, rule: str) -> pd.Series:
    """Lower is better."""
    if rule == "mean_rank":
        ranks = [
            scores[name].rank(ascending=ascending, method="min")
            for name, ascending in _DIRECTION.items()
        ]
        return sum(ranks) / len(ranks)
    return scores[rule] if _DIRECTION[rule] else -scores[rule]
