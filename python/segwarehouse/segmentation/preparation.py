"""Feature preparation for clustering: impute, log1p, standardise, optional PCA.

Every step is a closed-form formula on stored parameters, so the same
transformation runs in SQL (``customer_segments``) on every customer:

``z_f = (g_f(coalesce(x_f, impute_f)) - center_f) / scale_f`` with
``g_f(v) = ln(1 + max(v, 0))`` for log1p features and ``g_f(v) = v`` otherwise;
then the scoring coordinates are ``y_d = sum_f weight_{d,f} * z_f``
(identity weights without PCA; the principal axes with PCA; the PCA mean is
not subtracted, which shifts every point and centroid alike and so leaves all
distances unchanged).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import skew
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import PCA
from sklearn.utils.validation import check_is_fitted

from .params import IMPUTE_STRATEGIES, SCALERS

PREPROCESSING_COLUMNS = [
    "feature",
    "feature_position",
    "impute_value",
    "is_log1p",
    "center",
    "scale",
]
PROJECTION_COLUMNS = ["dimension", "dimension_position", "feature", "weight"]


class FeaturePreparer(TransformerMixin, BaseEstimator):
    """Impute, log-transform skewed features, standardise, optionally project on PCA.

    Parameters
    ----------
    features : list of str, optional
        Columns to use, in this order. Default: every column of ``X``.
    impute : dict, optional
        Feature -> ``median``/``mean``/``zero``/``min``/``max`` or a number.
    impute_default : str
        Strategy for features not in ``impute``. A feature with no observed
        value at all is imputed with 0 (it is then constant and carries no
        weight in any distance).
    log1p : "auto", "none" or list of str
        ``auto`` applies ``ln(1 + max(x, 0))`` to features whose skewness
        exceeds ``skew_threshold`` (a long right tail). Values below 0 count
        as 0: net revenue after returns is negative for a few customers, and
        like m_score the transform treats them as having no value (a mirrored
        log would set them apart as a cluster of a few dozen customers).
    skew_threshold : float
        See ``log1p``.
    scaler : {"standard", "robust"}
        ``standard``: center = mean, scale = standard deviation. ``robust``:
        center = median, scale = interquartile range (falling back to the
        standard deviation, then 1, when it is 0).
    pca_components : int
        0: no PCA. Otherwise project the standardised features on this many
        principal axes.
    random_state : int, optional
        Passed to PCA.

    Attributes
    ----------
    features_ : list of str
    impute_values_ : ndarray of shape (n_features,)
    log1p_ : ndarray of bool
    center_, scale_ : ndarray of shape (n_features,)
    components_ : ndarray of shape (n_dimensions, n_features)
        Weights of the scoring coordinates (identity without PCA).
    dimensions_ : list of str
        Names of the scoring coordinates (the features, or ``pc1``, ``pc2``...).
    explained_variance_ratio_ : ndarray or None
    n_features_in_ : int
    """

    def __init__(
        self,
        features=None,
        impute=None,
        impute_default="median",
        log1p="auto",
        skew_threshold=1.0,
        scaler="standard",
        pca_components=0,
        random_state=None,
    ):
        self.features = features
        self.impute = impute
        self.impute_default = impute_default
        self.log1p = log1p
        self.skew_threshold = skew_threshold
        self.scaler = scaler
        self.pca_components = pca_components
        self.random_state = random_state

    def fit(self, X, y=None):
        """Learn imputation values, log1p flags, centers, scales and axes from ``X``."""
        if self.scaler not in SCALERS:
            raise ValueError(f"scaler must be one of {SCALERS}, got {self.scaler!r}")
        features, values = _feature_matrix(X, self.features)
        if values.shape[0] < 1:
            raise ValueError("need at least 1 row to fit the preparation")
        self.features_ = features
        self.n_features_in_ = len(features)
        self.impute_values_ = np.array(
            [_impute_value(values[:, j], self._strategy(name)) for j, name in enumerate(features)]
        )
        imputed = np.where(np.isnan(values), self.impute_values_, values)
        self.log1p_ = self._log1p_flags(imputed)
        transformed = _apply_log1p(imputed, self.log1p_)
        self.center_, self.scale_ = _center_and_scale(transformed, self.scaler)
        self._fit_projection((transformed - self.center_) / self.scale_)
        return self

    def standardize(self, X) -> np.ndarray:
        """Standardised features ``z`` (n_samples, n_features)."""
        check_is_fitted(self, "center_")
        _, values = _feature_matrix(X, self.features_)
        imputed = np.where(np.isnan(values), self.impute_values_, values)
        return (_apply_log1p(imputed, self.log1p_) - self.center_) / self.scale_

    def transform(self, X) -> np.ndarray:
        """Scoring coordinates ``y = z @ components_.T`` (n_samples, n_dimensions)."""
        return self.standardize(X) @ self.components_.T

    def to_original_units(self, standardized: np.ndarray) -> np.ndarray:
        """Map standardised values back to feature units (inverse of log1p and scaling)."""
        check_is_fitted(self, "center_")
        values = np.asarray(standardized, dtype=float) * self.scale_ + self.center_
        values[..., self.log1p_] = np.expm1(values[..., self.log1p_])
        return values

    def preprocessing_table(self) -> pd.DataFrame:
        """One row per feature: the parameters SQL needs to standardise."""
        check_is_fitted(self, "center_")
        return pd.DataFrame(
            {
                "feature": self.features_,
                "feature_position": np.arange(1, self.n_features_in_ + 1),
                "impute_value": self.impute_values_,
                "is_log1p": self.log1p_,
                "center": self.center_,
                "scale": self.scale_,
            }
        )

    def projection_table(self) -> pd.DataFrame:
        """One row per (scoring dimension, feature): the projection weights."""
        check_is_fitted(self, "components_")
        n_dimensions, n_features = self.components_.shape
        return pd.DataFrame(
            {
                "dimension": np.repeat(self.dimensions_, n_features),
                "dimension_position": np.repeat(np.arange(1, n_dimensions + 1), n_features),
                "feature": np.tile(self.features_, n_dimensions),
                "weight": self.components_.ravel(),
            }
        )

    @classmethod
    def from_tables(cls, preprocessing: pd.DataFrame, projection: pd.DataFrame):
        """A fitted preparer rebuilt from :meth:`preprocessing_table` / :meth:`projection_table`.

        Used to apply a previous run's stored transformation.
        """
        missing = set(PREPROCESSING_COLUMNS) - set(preprocessing.columns)
        if missing or preprocessing.empty:
            raise ValueError(f"preprocessing table lacks columns {sorted(missing)} or rows")
        rows = preprocessing.sort_values("feature_position")
        features = rows["feature"].astype(str).tolist()
        weights = projection.pivot_table(
            index=["dimension_position", "dimension"], columns="feature", values="weight"
        ).sort_index()
        preparer = cls(features=features)
        preparer.features_ = features
        preparer.n_features_in_ = len(features)
        preparer.impute_values_ = rows["impute_value"].to_numpy(float)
        preparer.log1p_ = rows["is_log1p"].to_numpy(bool)
        preparer.center_ = rows["center"].to_numpy(float)
        preparer.scale_ = rows["scale"].to_numpy(float)
        preparer.components_ = weights.reindex(columns=features).fillna(0.0).to_numpy(float)
        preparer.dimensions_ = [name for _, name in weights.index]
        preparer.explained_variance_ratio_ = None
        return preparer

    def _strategy(self, feature: str):
        strategy = (self.impute or {}).get(feature, self.impute_default)
        if not (strategy in IMPUTE_STRATEGIES or isinstance(strategy, int | float)):
            raise ValueError(f"unknown impute strategy {strategy!r} for {feature!r}")
        return strategy

    def _log1p_flags(self, imputed: np.ndarray) -> np.ndarray:
        if isinstance(self.log1p, str):
            if self.log1p == "none":
                return np.zeros(imputed.shape[1], dtype=bool)
            if self.log1p != "auto":
                raise ValueError("log1p must be 'auto', 'none' or a list of features")
            return np.array([_is_skewed(column, self.skew_threshold) for column in imputed.T])
        unknown = sorted(set(self.log1p) - set(self.features_))
        if unknown:
            raise ValueError(f"log1p names columns that are not features: {unknown}")
        return np.array([name in set(self.log1p) for name in self.features_])

    def _fit_projection(self, standardized: np.ndarray) -> None:
        n_features = standardized.shape[1]
        if not self.pca_components:
            self.components_ = np.eye(n_features)
            self.dimensions_ = list(self.features_)
            self.explained_variance_ratio_ = None
            return
        if not 1 <= self.pca_components <= min(standardized.shape):
            raise ValueError("pca_components must be between 1 and the number of features")
        pca = PCA(
            n_components=int(self.pca_components), svd_solver="full", random_state=self.random_state
        ).fit(standardized)
        components = pca.components_.copy()
        # Deterministic orientation: the largest loading of each axis is positive.
        signs = np.sign(components[np.arange(len(components)), np.abs(components).argmax(axis=1)])
        self.components_ = components * signs[:, None]
        self.dimensions_ = [f"pc{i}" for i in range(1, len(components) + 1)]
        self.explained_variance_ratio_ = pca.explained_variance_ratio_


def unusable_features(X: pd.DataFrame, features) -> dict[str, str]:
    """Features that cannot separate customers in ``X``, with the reason.

    ``"no value"``: NULL for every row (e.g. browsing features of data without
    events); ``"constant"``: one value for every row that has one. Constant
    features are only reported while at least one other feature varies:
    data whose every feature is constant (a single customer) keeps them, so the
    fit still gives its one segment.

    Raises
    ------
    ValueError
        When no feature has any value at all.
    """
    names, values = _feature_matrix(X, features)
    observed = ~np.isnan(values)
    no_value = [name for j, name in enumerate(names) if not observed[:, j].any()]
    if len(no_value) == len(names):
        raise ValueError(
            f"no clustering feature has a value in the fit sample ({', '.join(names)}):"
            " choose columns the data holds (var segment_features)"
        )
    constant = [
        name
        for j, name in enumerate(names)
        if name not in no_value and np.ptp(values[observed[:, j], j]) == 0
    ]
    if len(no_value) + len(constant) == len(names):
        constant = []
    reasons = {name: "no value" for name in no_value}
    reasons.update({name: "constant" for name in constant})
    return {name: reasons[name] for name in names if name in reasons}


def _feature_matrix(X, features) -> tuple[list[str], np.ndarray]:
    """Column names and a float matrix (NaN for missing) of the chosen features."""
    if isinstance(X, pd.DataFrame):
        names = list(X.columns) if features is None else list(features)
        missing = [name for name in names if name not in X.columns]
        if missing:
            raise ValueError(f"columns missing from the data: {missing}")
        frame = X[names].apply(pd.to_numeric, errors="coerce")
        return [str(name) for name in names], frame.to_numpy(dtype=float, na_value=np.nan)
    values = np.asarray(X, dtype=float)
    if values.ndim != 2:
        raise ValueError("X must be 2-dimensional")
    names = [f"x{j}" for j in range(values.shape[1])] if features is None else list(features)
    if len(names) != values.shape[1]:
        raise ValueError("features must name every column of an array X")
    return names, values


def _impute_value(column: np.ndarray, strategy) -> float:
    observed = column[~np.isnan(column)]
    if isinstance(strategy, int | float):
        return float(strategy)
    if strategy == "zero" or observed.size == 0:
        return 0.0
    return float(
        {"median": np.median, "mean": np.mean, "min": np.min, "max": np.max}[strategy](observed)
    )


def _is_skewed(column: np.ndarray, threshold: float) -> bool:
    if np.ptp(column) == 0:
        return False
    return bool(skew(column) > threshold)


def _apply_log1p(values: np.ndarray, flags: np.ndarray) -> np.ndarray:
    return np.where(flags, np.log1p(np.clip(values, 0, None)), values)


def _center_and_scale(values: np.ndarray, scaler: str) -> tuple[np.ndarray, np.ndarray]:
    std = values.std(axis=0)
    if scaler == "robust":
        q25, center, q75 = np.percentile(values, [25, 50, 75], axis=0)
        scale = np.where(q75 - q25 > 0, q75 - q25, std)
    else:
        center, scale = values.mean(axis=0), std
    return center, np.where(scale > 0, scale, 1.0)
