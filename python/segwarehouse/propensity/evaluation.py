"""Decision threshold and classification metrics of a purchase-propensity model."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)


def f1_optimal_threshold(y_true, probability) -> float:
    """The probability cut that maximises F1 when ``probability >= cut`` means "buyer".

    Candidates are the distinct predicted probabilities; among equally good
    cuts the lowest wins (precision_recall_curve's order), so the result is
    deterministic.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
        True labels; both classes must occur.
    probability : array-like of float
        Predicted probability of the positive class.

    Returns
    -------
    float
    """
    y_true = np.asarray(y_true, dtype=int)
    probability = np.asarray(probability, dtype=float)
    if y_true.min() == y_true.max():
        raise ValueError("f1_optimal_threshold needs both classes in y_true")
    precision, recall, thresholds = precision_recall_curve(y_true, probability)
    # The last precision/recall pair has no threshold (recall 0 by convention).
    precision, recall = precision[:-1], recall[:-1]
    denominator = precision + recall
    f1 = np.divide(
        2 * precision * recall,
        denominator,
        out=np.zeros_like(denominator),
        where=denominator > 0,
    )
    return float(thresholds[int(np.argmax(f1))])


def classification_metrics(y_true, probability, threshold: float) -> dict[str, float]:
    """AUC, average precision, and precision / recall / F1 at ``threshold``.

    Parameters
    ----------
    y_true : array-like of bool or {0, 1}
    probability : array-like of float
        Predicted probability of the positive class.
    threshold : float
        ``probability >= threshold`` is a predicted buyer.

    Returns
    -------
    dict
        ``auc`` and ``average_precision`` (NaN when y_true holds one class),
        ``precision``, ``recall``, ``f1`` (0 when undefined), ``base_rate``
        (share of positives), ``predicted_positive_rate``.
    """
    y_true = np.asarray(y_true, dtype=int)
    probability = np.asarray(probability, dtype=float)
    predicted = (probability >= threshold).astype(int)
    both_classes = y_true.min() != y_true.max()
    return {
        "auc": float(roc_auc_score(y_true, probability)) if both_classes else float("nan"),
        "average_precision": (
            float(average_precision_score(y_true, probability)) if both_classes else float("nan")
        ),
        "precision": float(precision_score(y_true, predicted, zero_division=0)),
        "recall": float(recall_score(y_true, predicted, zero_division=0)),
        "f1": float(f1_score(y_true, predicted, zero_division=0)),
        "base_rate": float(y_true.mean()),
        "predicted_positive_rate": float(predicted.mean()),
    }
