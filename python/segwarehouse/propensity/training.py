"""Fit the propensity model and its baselines on the labelled backtest customers.

Every method (the trained model and each baseline of
:mod:`segwarehouse.propensity.baselines`) is a ranking score plus an isotonic
calibration of that score into a probability, fitted on the training split:
on out-of-fold scores for the model, on the scores themselves for the
baselines (they learn nothing from the labels). All are measured on the same
held-out customers; the method with the highest held-out AUC publishes the
scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split

from .baselines import (
    BASELINES,
    baseline_score,
    bgnbd_figures,
    fit_bgnbd,
    missing_columns,
)
from .estimator import PropensityClassifier
from .evaluation import flag_top_share, method_metrics
from .params import PropensityParams

ID_COLUMN = "customer_id"
LABEL_COLUMN = "has_purchased"
#: Fewer buyers (or non-buyers) than this: no split, folds and test are possible.
MIN_CLASS_COUNT = 8
MAX_FOLDS = 5


@dataclass
class MethodResult:
    """One method of the backtest: how it scores and how it did.

    Attributes
    ----------
    name : str
        The algorithm (kind ``model``) or the baseline's name.
    kind : str
        ``model`` or ``baseline``.
    calibrator : IsotonicRegression or None
        Score -> probability; None when the method could not be fitted.
    metrics : dict
        :func:`method_metrics` on the held-out split (empty when not fitted).
    reason : str or None
        Why the method has no scores (e.g. the BG/NBD fit did not converge).
    """

    name: str
    kind: str
    calibrator: IsotonicRegression | None = None
    metrics: dict = field(default_factory=dict)
    reason: str | None = None


@dataclass
class PropensityFit:
    """Outcome of :func:`fit_propensity`.

    Attributes
    ----------
    status : str
        ``trained`` or ``not_enough_data``.
    reason : str or None
        Why there is no model (``not_enough_data``).
    estimator : PropensityClassifier or None
        The model fitted on the training split (it scores the customers when
        it is the published method).
    bgnbd : lifetimes.BetaGeoFitter or None
        BG/NBD fitted on the training split; its figures are model features,
        a baseline and published per customer.
    methods : list of MethodResult
        The model first, then the baselines.
    published : str or None
        The method with the highest held-out AUC (the model on ties).
    threshold : float or None
        The calibrated probability cut (rule ``fixed``); None for ``top_share``.
    backtest : DataFrame
        One row per held-out customer and method: ``customer_id``, ``method``,
        ``score``, ``purchase_probability``, ``has_purchased``.
    cross_fitted : DataFrame
        :func:`cross_fitted_probabilities` of the published method.
    labelled_customers, train_size, test_size : int
    base_rate : float or None
        Share of buyers among all labelled customers.
    params : PropensityParams or None
    """

    status: str
    reason: str | None = None
    estimator: PropensityClassifier | None = None
    bgnbd: object | None = None
    methods: list[MethodResult] = field(default_factory=list)
    published: str | None = None
    threshold: float | None = None
    backtest: pd.DataFrame | None = None
    cross_fitted: pd.DataFrame | None = None
    labelled_customers: int = 0
    train_size: int = 0
    test_size: int = 0
    base_rate: float | None = None
    params: PropensityParams | None = None

    def method(self, name: str) -> MethodResult:
        """The :class:`MethodResult` called ``name``."""
        return next(result for result in self.methods if result.name == name)


def fit_propensity(labelled: pd.DataFrame, params: PropensityParams) -> PropensityFit:
    """Split, fit the model and the baselines, calibrate, evaluate, pick one.

    Customers are sorted by ``customer_id`` first, so the result does not depend
    on row order. The split is stratified (``params.test_share`` held out,
    ``params.random_state``); out-of-fold scores come from a stratified
    k-fold (at most 5 folds) of the training split. Last, the published
    method is cross-fitted over all labelled customers
    (:func:`cross_fitted_probabilities`) to measure its calibration.

    Parameters
    ----------
    labelled : DataFrame
        One row per customer: ``customer_id``, the features and the boolean
        label ``has_purchased``.
    params : PropensityParams

    Returns
    -------
    PropensityFit
        ``not_enough_data`` (with the reason) when there are fewer than
        ``params.min_customers`` customers or fewer than 8 buyers or
        non-buyers.
    """
    frame = labelled.sort_values(ID_COLUMN, kind="stable").reset_index(drop=True)
    labels = frame[LABEL_COLUMN].astype(bool).to_numpy()
    count, buyers = len(frame), int(labels.sum())
    summary = {"labelled_customers": count, "base_rate": float(labels.mean()) if count else None}
    if count < params.min_customers:
        reason = f"{count} labelled customers, need at least {params.min_customers}"
        return PropensityFit("not_enough_data", reason, params=params, **summary)
    if min(buyers, count - buyers) < MIN_CLASS_COUNT:
        reason = (
            f"{buyers} buyers and {count - buyers} non-buyers, need at least "
            f"{MIN_CLASS_COUNT} of each"
        )
        return PropensityFit("not_enough_data", reason, params=params, **summary)
    train_rows, test_rows = train_test_split(
        np.arange(count),
        test_size=params.test_share,
        stratify=labels,
        random_state=params.random_state,
    )
    train, test = frame.iloc[np.sort(train_rows)], frame.iloc[np.sort(test_rows)]
    fit = _fit_methods(train, params)
    fit.labelled_customers, fit.base_rate = summary["labelled_customers"], summary["base_rate"]
    test = _with_bgnbd(test, fit.bgnbd, params)
    fit.test_size = len(test)
    backtest = []
    for result in fit.methods:
        if result.calibrator is None:
            continue
        scored = method_scores(fit, result.name, test)
        scored["has_purchased"] = test[LABEL_COLUMN].astype(bool).to_numpy()
        result.metrics = method_metrics(
            scored["has_purchased"],
            scored["score"],
            scored["purchase_probability"],
            likely_buyers(fit, scored),
            scored[ID_COLUMN],
        )
        backtest.append(scored.assign(method=result.name))
    fit.backtest = pd.concat(backtest, ignore_index=True)
    fit.published = max(
        (result for result in fit.methods if result.metrics),
        key=lambda result: result.metrics["auc"],
    ).name
    fit.cross_fitted = cross_fitted_probabilities(frame, params, fit.published)
    return fit


def _fit_methods(
    train: pd.DataFrame, params: PropensityParams, names: tuple[str, ...] | None = None
) -> PropensityFit:
    """BG/NBD, the model and the calibrators of ``names`` (default every method)
    fitted on ``train``; no metrics yet."""
    names = (params.algorithm, *BASELINES) if names is None else names
    bgnbd, bgnbd_reason = _fit_bgnbd(train, params)
    train = _with_bgnbd(train, bgnbd, params)
    fit = PropensityFit("trained", bgnbd=bgnbd, train_size=len(train), params=params)
    fit.threshold = None if params.threshold_rule != "fixed" else float(params.threshold)
    template = PropensityClassifier(params.algorithm, params.features, params.random_state)
    if params.algorithm in names:
        fit.estimator = clone(template).fit(train, train[LABEL_COLUMN].astype(bool))
    for name in names:
        if name == params.algorithm:
            result = MethodResult(name, "model")
            scores = _out_of_fold_scores(template, train, params)
        else:
            reason = bgnbd_reason if name == "bgnbd" else missing_columns(name, train)
            result = MethodResult(name, "baseline", reason=reason)
            scores = baseline_score(name, train) if reason is None else None
        if scores is not None:
            result.calibrator = _calibrator(scores, train[LABEL_COLUMN])
        fit.methods.append(result)
    return fit


def cross_fitted_probabilities(
    frame: pd.DataFrame, params: PropensityParams, method: str
) -> pd.DataFrame:
    """Every labelled customer's calibrated probability from ``method`` fitted without them.

    Stratified k-fold over all labelled customers (at most 5 folds, seed
    ``params.random_state``): each fold is scored by the method (BG/NBD, model
    and calibration included) fitted on the other folds. Four times as many
    customers as the held-out split measure the calibration.

    Returns
    -------
    DataFrame
        ``customer_id``, ``method``, ``purchase_probability``,
        ``has_purchased``, in ``frame``'s row order.
    """
    labels = frame[LABEL_COLUMN].astype(bool).to_numpy()
    parts = []
    for other_rows, fold_rows in _folds(labels, params.random_state).split(frame, labels):
        part = _fit_methods(frame.iloc[other_rows], params, names=(method,))
        fold = _with_bgnbd(frame.iloc[fold_rows], part.bgnbd, params)
        scored = method_scores(part, method, fold).drop(columns="score")
        scored["has_purchased"] = labels[fold_rows]
        scored.index = fold_rows
        parts.append(scored)
    return pd.concat(parts).sort_index().assign(method=method).reset_index(drop=True)


def _folds(labels: np.ndarray, random_state: int) -> StratifiedKFold:
    """Stratified folds, at most 5 and no more than the rarer class's count."""
    minority = int(min(labels.sum(), len(labels) - labels.sum()))
    return StratifiedKFold(
        n_splits=max(2, min(MAX_FOLDS, minority)), shuffle=True, random_state=random_state
    )


def _fit_bgnbd(train: pd.DataFrame, params: PropensityParams):
    reason = missing_columns("bgnbd", train)
    if reason is not None:
        return None, reason
    try:
        return fit_bgnbd(train, params.bgnbd_penalizer), None
    except ValueError as error:
        return None, str(error)


def _with_bgnbd(frame: pd.DataFrame, bgnbd, params: PropensityParams) -> pd.DataFrame:
    """``frame`` with the BG/NBD columns (NaN without a fit) replacing any such columns."""
    figures = bgnbd_figures(bgnbd, frame, params.horizon_days)
    return pd.concat([frame.drop(columns=figures.columns, errors="ignore"), figures], axis=1)


def _out_of_fold_scores(
    template: PropensityClassifier, train: pd.DataFrame, params: PropensityParams
) -> np.ndarray:
    """Model probabilities of the training split, each from a fit without its fold."""
    labels = train[LABEL_COLUMN].astype(bool).to_numpy()
    folds = _folds(labels, params.random_state)
    probability = cross_val_predict(
        clone(template), train, labels, cv=folds, method="predict_proba"
    )
    return probability[:, 1]


def _calibrator(scores, labels) -> IsotonicRegression:
    """Isotonic map from a method's training scores to the observed buy rate."""
    calibrator = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    return calibrator.fit(np.asarray(scores, dtype=float), np.asarray(labels, dtype=float))


def method_scores(fit: PropensityFit, name: str, customers: pd.DataFrame) -> pd.DataFrame:
    """``customer_id``, ``score`` and calibrated ``purchase_probability`` of method ``name``.

    ``customers`` holds the features, the BG/NBD columns included.
    """
    result = fit.method(name)
    if result.calibrator is None:
        raise ValueError(f"method {name} has no scores: {result.reason}")
    if result.kind == "model":
        score = fit.estimator.predict_proba(customers)[:, 1] if len(customers) else np.empty(0)
    else:
        score = baseline_score(name, customers)
    probability = result.calibrator.predict(score) if len(customers) else np.empty(0)
    return pd.DataFrame(
        {
            ID_COLUMN: customers[ID_COLUMN].astype(str).to_numpy(),
            "score": np.asarray(score, dtype="float64"),
            "purchase_probability": np.asarray(probability, dtype="float64"),
        }
    )


def likely_buyers(fit: PropensityFit, scored: pd.DataFrame) -> np.ndarray:
    """The run's rule on a scored frame: top share by score, or probability >= threshold."""
    if fit.threshold is not None:
        return scored["purchase_probability"].to_numpy() >= fit.threshold
    return flag_top_share(scored["score"], scored[ID_COLUMN], fit.params.top_share)


def score_customers(fit: PropensityFit, customers: pd.DataFrame) -> pd.DataFrame:
    """The published method's scores for every row of ``customers``, with BG/NBD's figures.

    Parameters
    ----------
    fit : PropensityFit
        A ``trained`` fit.
    customers : DataFrame
        ``customer_id`` and (at least) the fitted feature columns.

    Returns
    -------
    DataFrame
        ``customer_id``, ``score``, ``purchase_probability`` (calibrated),
        ``expected_purchases``, ``probability_alive``.
    """
    if fit.estimator is None:
        raise ValueError(f"no fitted model to score with (status {fit.status})")
    customers = _with_bgnbd(customers.reset_index(drop=True), fit.bgnbd, fit.params)
    scored = method_scores(fit, fit.published, customers)
    scored["expected_purchases"] = customers["expected_purchases"].to_numpy()
    scored["probability_alive"] = customers["probability_alive"].to_numpy()
    return scored
