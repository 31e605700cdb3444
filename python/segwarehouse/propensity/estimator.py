"""The purchase-propensity classifier: feature preparation plus one estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.validation import check_is_fitted

from .params import ALGORITHMS


def signed_log1p(values: np.ndarray) -> np.ndarray:
    """``sign(x) * ln(1 + |x|)``: tames the long tails of counts and money."""
    return np.sign(values) * np.log1p(np.abs(values))


def make_pipeline(algorithm: str, random_state: int) -> Pipeline:
    """The unfitted scikit-learn pipeline of ``algorithm``.

    - ``logistic_regression``: median imputation with missing-value
      indicators, signed log1p, standardisation, L2 logistic regression.
    - ``random_forest``: median imputation with indicators, 300 trees with at
      least 5 customers per leaf.
    - ``gradient_boosting``: histogram gradient boosting (missing values
      handled natively).
    """
    if algorithm == "logistic_regression":
        return Pipeline(
            [
                ("impute", SimpleImputer(strategy="median", add_indicator=True)),
                ("log1p", FunctionTransformer(signed_log1p)),
                ("scale", StandardScaler()),
                ("classify", LogisticRegression(max_iter=5000, random_state=random_state)),
            ]
        )
    if algorithm == "random_forest":
        return Pipeline(
            [
                ("impute", SimpleImputer(strategy="median", add_indicator=True)),
                (
                    "classify",
                    RandomForestClassifier(
                        n_estimators=300,
                        min_samples_leaf=5,
                        random_state=random_state,
                        n_jobs=1,
                    ),
                ),
            ]
        )
    if algorithm == "gradient_boosting":
        return Pipeline([("classify", HistGradientBoostingClassifier(random_state=random_state))])
    raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")


class PropensityClassifier(ClassifierMixin, BaseEstimator):
    """Probability that a customer buys within the horizon, from customer features.

    Parameters
    ----------
    algorithm : str
        ``logistic_regression`` (default), ``random_forest`` or
        ``gradient_boosting`` (see :func:`make_pipeline`).
    features : sequence of str, optional
        Candidate feature columns; default every column of ``X``. Columns
        absent from ``X`` or missing for every row are left out at fit time.
    random_state : int
        Seed of the estimator.

    Attributes
    ----------
    features_ : list of str
        The columns the fitted model uses, in order.
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted pipeline.
    classes_ : ndarray
        ``[False, True]``.
    """

    def __init__(self, algorithm="logistic_regression", features=None, random_state=42):
        self.algorithm = algorithm
        self.features = features
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y) -> PropensityClassifier:
        """Fit on the customers in ``X`` (a DataFrame) with labels ``y`` (bool)."""
        if not isinstance(X, pd.DataFrame):
            raise TypeError("X must be a pandas DataFrame with named feature columns")
        labels = np.asarray(y, dtype=bool)
        if len(labels) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(labels)}")
        if labels.all() or not labels.any():
            raise ValueError("y must hold both buyers and non-buyers")
        candidates = list(self.features) if self.features is not None else list(X.columns)
        matrix = _numeric(X, [name for name in candidates if name in X.columns])
        self.features_ = [name for name in matrix.columns if matrix[name].notna().any()]
        if not self.features_:
            raise ValueError(f"none of the features {candidates} has a value in X")
        self.pipeline_ = make_pipeline(self.algorithm, self.random_state)
        self.pipeline_.fit(matrix[self.features_].to_numpy(), labels)
        self.classes_ = self.pipeline_.classes_
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Class probabilities, columns ``[not buying, buying]``."""
        check_is_fitted(self, "pipeline_")
        missing = [name for name in self.features_ if name not in X.columns]
        if missing:
            raise ValueError(f"X lacks the fitted feature columns {missing}")
        return self.pipeline_.predict_proba(_numeric(X, self.features_).to_numpy())

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Predicted buyer (probability >= 0.5); use a tuned threshold instead."""
        return self.predict_proba(X)[:, 1] >= 0.5


def _numeric(X: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``X[columns]`` as floats (NULL -> NaN); non-numeric columns are an error."""
    try:
        return X[columns].astype("float64")
    except (TypeError, ValueError) as error:
        raise ValueError(f"propensity features must be numeric: {error}") from None
