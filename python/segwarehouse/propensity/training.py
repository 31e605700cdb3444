"""Fit and evaluate the propensity model on the labelled backtest customers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split

from .estimator import PropensityClassifier
from .evaluation import classification_metrics, f1_optimal_threshold
from .params import PropensityParams

ID_COLUMN = "customer_id"
LABEL_COLUMN = "has_purchased"
#: Fewer buyers (or non-buyers) than this: no split, folds and test are possible.
MIN_CLASS_COUNT = 8
MAX_FOLDS = 5


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
        Fitted on the training split; it scores the customers, so the
        metrics describe exactly the published probabilities' model.
    threshold : float or None
        Probability cut of a predicted buyer.
    labelled_customers, train_size, test_size : int
    base_rate : float or None
        Share of buyers among all labelled customers.
    metrics : dict
        :func:`classification_metrics` on the held-out test split.
    """

    status: str
    reason: str | None = None
    estimator: PropensityClassifier | None = None
    threshold: float | None = None
    labelled_customers: int = 0
    train_size: int = 0
    test_size: int = 0
    base_rate: float | None = None
    metrics: dict = field(default_factory=dict)


def fit_propensity(labelled: pd.DataFrame, params: PropensityParams) -> PropensityFit:
    """Split, fit, choose the threshold and evaluate on the held-out customers.

    Customers are sorted by ``customer_id`` first, so the result does not depend
    on row order. The split is stratified (``params.test_share`` held out,
    ``params.random_state``). With ``threshold = "f1"`` the cut maximises F1 on
    out-of-fold predictions of the training split (stratified k-fold, at most
    5 folds), so the test split stays unseen until the metrics.

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
    base_rate = float(labels.mean()) if count else None
    if count < params.min_customers:
        return PropensityFit(
            "not_enough_data",
            f"{count} labelled customers, need at least {params.min_customers}",
            labelled_customers=count,
            base_rate=base_rate,
        )
    if min(buyers, count - buyers) < MIN_CLASS_COUNT:
        return PropensityFit(
            "not_enough_data",
            f"{buyers} buyers and {count - buyers} non-buyers, need at least "
            f"{MIN_CLASS_COUNT} of each",
            labelled_customers=count,
            base_rate=base_rate,
        )
    train_rows, test_rows = train_test_split(
        np.arange(count),
        test_size=params.test_share,
        stratify=labels,
        random_state=params.random_state,
    )
    train, test = frame.iloc[np.sort(train_rows)], frame.iloc[np.sort(test_rows)]
    template = PropensityClassifier(params.algorithm, params.features, params.random_state)
    estimator = clone(template).fit(train, train[LABEL_COLUMN].astype(bool))
    threshold = (
        float(params.threshold)
        if params.threshold_rule == "fixed"
        else _out_of_fold_threshold(template, train, params.random_state)
    )
    test_probability = estimator.predict_proba(test)[:, 1]
    return PropensityFit(
        "trained",
        estimator=estimator,
        threshold=threshold,
        labelled_customers=count,
        train_size=len(train),
        test_size=len(test),
        base_rate=base_rate,
        metrics=classification_metrics(
            test[LABEL_COLUMN].astype(bool), test_probability, threshold
        ),
    )


def _out_of_fold_threshold(
    template: PropensityClassifier, train: pd.DataFrame, random_state: int
) -> float:
    """The F1-optimal cut on out-of-fold probabilities of the training split."""
    labels = train[LABEL_COLUMN].astype(bool).to_numpy()
    minority = int(min(labels.sum(), len(labels) - labels.sum()))
    folds = StratifiedKFold(
        n_splits=max(2, min(MAX_FOLDS, minority)), shuffle=True, random_state=random_state
    )
    probability = cross_val_predict(
        clone(template), train, labels, cv=folds, method="predict_proba"
    )[:, 1]
    return f1_optimal_threshold(labels, probability)


def score_customers(fit: PropensityFit, customers: pd.DataFrame) -> pd.DataFrame:
    """``customer_id`` and ``purchase_probability`` for every row of ``customers``.

    Parameters
    ----------
    fit : PropensityFit
        A ``trained`` fit.
    customers : DataFrame
        ``customer_id`` and (at least) the fitted feature columns.
    """
    if fit.estimator is None:
        raise ValueError(f"no fitted model to score with (status {fit.status})")
    probability = fit.estimator.predict_proba(customers)[:, 1] if len(customers) else np.empty(0)
    return pd.DataFrame(
        {
            ID_COLUMN: customers[ID_COLUMN].astype(str).to_numpy(),
            "purchase_probability": probability.astype("float64"),
        }
    )
