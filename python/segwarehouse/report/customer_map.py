"""A 2-D map of customers: PCA of the standardised clustering features.

The features are standardised the way the segmentation fit did it when the
warehouse holds its preprocessing parameters (``segment_model`` rows
``artifact = 'preprocessing'``: impute value, log1p flag, centre, scale), the
same formulas the SQL scoring in ``customer_segments`` uses. Without them the
map falls back to median imputation and plain z-scores. The PCA is fitted on
the bounded sample only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA


@dataclass(frozen=True)
class CustomerMap:
    """Map coordinates of the sampled customers and of the segment centres.

    Attributes
    ----------
    coordinates : ndarray of shape (n_customers, 2)
        First two principal components per sampled customer.
    segment_index : ndarray of int
        Index of each customer's segment in ``segment_names``.
    segment_names : list of str
        Segment names, ordered by segment id.
    centres : list of (float, float, int)
        Centroid positions on the map (empty when the standardisation of the
        fit is unknown) and their segment index.
    explained_variance_ratio : tuple of float
        Share of the variance each axis explains.
    uses_fit_preprocessing : bool
        Whether the fit's own standardisation was applied.
    """

    coordinates: np.ndarray
    segment_index: np.ndarray
    segment_names: list[str]
    centres: list[tuple[float, float, int]]
    explained_variance_ratio: tuple[float, float]
    uses_fit_preprocessing: bool


def standardise(
    values: pd.DataFrame, features: list[str], preprocessing: pd.DataFrame | None
) -> np.ndarray:
    """Standardised feature matrix, as the fit did it (or z-scores when unknown).

    With ``preprocessing`` (columns feature, impute_value, is_log1p, center,
    scale): ``z = (g(coalesce(x, impute)) - center) / scale`` with
    ``g(v) = ln(1 + max(v, 0))`` for log1p features, else ``g(v) = v``.
    Without it: missing values take the feature's median and
    ``z = (x - mean) / sd`` (``sd`` 1 for constant features).
    """
    matrix = values[features].to_numpy(dtype=float)
    if preprocessing is not None:
        params = preprocessing.set_index("feature").loc[features]
        filled = np.where(np.isnan(matrix), params["impute_value"].to_numpy(float), matrix)
        log1p = params["is_log1p"].to_numpy(bool)
        filled[:, log1p] = np.log1p(np.maximum(filled[:, log1p], 0.0))
        scale = params["scale"].to_numpy(float)
        return (filled - params["center"].to_numpy(float)) / np.where(scale > 0, scale, 1.0)
    medians = np.nanmedian(matrix, axis=0) if len(matrix) else np.zeros(len(features))
    medians = np.where(np.isnan(medians), 0.0, medians)
    filled = np.where(np.isnan(matrix), medians, matrix)
    spread = filled.std(axis=0)
    return (filled - filled.mean(axis=0)) / np.where(spread > 0, spread, 1.0)


def customer_map(
    sample: pd.DataFrame,
    features: list[str],
    preprocessing: pd.DataFrame | None = None,
    centroids: pd.DataFrame | None = None,
) -> CustomerMap:
    """Project the sampled customers (and the segment centroids) on two principal axes.

    Parameters
    ----------
    sample : DataFrame
        One row per customer: segment_id, segment_name and the ``features``.
    features : list of str
        Clustering features, in the fit's order.
    preprocessing : DataFrame, optional
        The fit's standardisation per feature (see :func:`standardise`).
    centroids : DataFrame, optional
        segment_id, feature, standardized_value; drawn only together with
        ``preprocessing`` (otherwise they live in another space).

    Returns
    -------
    CustomerMap
    """
    if len(sample) < 3:
        raise ValueError(f"a map needs at least 3 customers, got {len(sample)}")
    segments = (
        sample[["segment_id", "segment_name"]]
        .drop_duplicates("segment_id")
        .sort_values("segment_id")
    )
    position = {segment: index for index, segment in enumerate(segments["segment_id"])}
    matrix = standardise(sample, features, preprocessing)
    components = min(2, matrix.shape[1])
    pca = PCA(n_components=components, svd_solver="full").fit(matrix)
    coordinates = _two_columns(pca.transform(matrix))
    centres: list[tuple[float, float, int]] = []
    if preprocessing is not None and centroids is not None and len(centroids):
        wide = centroids.pivot_table(
            index="segment_id", columns="feature", values="standardized_value"
        )
        wide = wide[wide.index.isin(position)].reindex(columns=features)
        if not wide.isna().to_numpy().any():
            projected = _two_columns(pca.transform(wide.to_numpy(float)))
            centres = [
                (float(x), float(y), position[segment])
                for segment, (x, y) in zip(wide.index, projected, strict=True)
            ]
    ratio = list(pca.explained_variance_ratio_) + [0.0] * (2 - components)
    return CustomerMap(
        coordinates=coordinates,
        segment_index=sample["segment_id"].map(position).to_numpy(int),
        segment_names=list(segments["segment_name"]),
        centres=centres,
        explained_variance_ratio=(float(ratio[0]), float(ratio[1])),
        uses_fit_preprocessing=preprocessing is not None,
    )


def _two_columns(values: np.ndarray) -> np.ndarray:
    if values.shape[1] == 2:
        return values
    return np.column_stack([values[:, 0], np.zeros(len(values))])
