"""Segment profiles of the fit sample: sizes, means, medians, deviation from the base.

The full per-segment profile over every customer is SQL (``segment_profiles``);
these sample profiles feed the names, which must be known when the segments
are fitted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def segment_means(values: pd.DataFrame, labels: np.ndarray, n_segments: int) -> pd.DataFrame:
    """Mean of each column per segment (rows 0..n_segments-1), NaN values ignored."""
    grouped = values.groupby(np.asarray(labels), sort=True).mean()
    return grouped.reindex(range(n_segments))


def relative_profile(
    standardized: np.ndarray, labels: np.ndarray, n_segments: int, features: list[str]
) -> pd.DataFrame:
    """(segment mean - base mean) / base standard deviation, per feature.

    Computed on standardised values, so log-transformed features compare on
    their log scale. A feature without spread in the base gives NaN.
    """
    frame = pd.DataFrame(standardized, columns=features)
    base_mean = frame.mean()
    base_std = frame.std(ddof=0).where(lambda std: std > 0)
    return (segment_means(frame, labels, n_segments) - base_mean) / base_std


#: A word about a feature must hold for most of a segment's members: the
#: segment's median lies beyond the base median, on the word's side, by more
#: than this share of the base's interquartile range (docs/segments.md,
#: "Names that hold for the segment").
WORD_MARGIN_IQR = 0.1


def segment_medians(values: pd.DataFrame, labels: np.ndarray, n_segments: int) -> pd.DataFrame:
    """Median of each column per segment (rows 0..n_segments-1), NaN values ignored."""
    grouped = values.groupby(np.asarray(labels), sort=True).median()
    return grouped.reindex(range(n_segments))


def median_sides(
    values: pd.DataFrame, labels: np.ndarray, n_segments: int, margin: float = WORD_MARGIN_IQR
) -> pd.DataFrame:
    """+1 / -1 where a segment's median lies above / below the base median by
    more than ``margin`` base interquartile ranges, else 0 (per segment and column).

    At least half of such a segment's members then lie on that side of the
    base median: what a word like "recent" or "high value" may claim.
    """
    base_median = values.median()
    spread = values.quantile(0.75) - values.quantile(0.25)
    difference = segment_medians(values, labels, n_segments) - base_median
    sides = np.sign(difference).where(difference.abs() > margin * spread, 0.0)
    return sides.fillna(0.0)
