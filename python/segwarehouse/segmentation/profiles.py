"""Segment profiles of the fit sample: sizes, means, deviation from the base.

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
