"""Held-out metrics of a purchase-propensity method (a model or a baseline)."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)


def ranked(score, customer_ids) -> np.ndarray:
    """Row positions from the highest score down; ties by ascending customer_id.

    The same order as ``order by score desc, customer_id`` in SQL, so deciles
    and top shares here match the gains table and customer_propensity.
    """
    return np.lexsort((np.asarray(customer_ids, dtype=str), -np.asarray(score, dtype=float)))


def top_count(rows: int, share: float) -> int:
    """How many of ``rows`` customers the top ``share`` holds: ceil(share * rows)."""
    return int(np.ceil(round(share * rows, 9)))


def flag_top_share(score, customer_ids, share: float) -> np.ndarray:
    """True for the :func:`top_count` highest-scored customers (see :func:`ranked`)."""
    flagged = np.zeros(len(score), dtype=bool)
    flagged[ranked(score, customer_ids)[: top_count(len(score), share)]] = True
    return flagged


def method_metrics(y_true, score, probability, predicted, customer_ids) -> dict[str, float]:
    """Held-out metrics of one method.

    Parameters
    ----------
    y_true : array-like of bool
        Whether each customer bought within the horizon.
    score : array-like of float
        The method's ranking score (higher = likelier).
    probability : array-like of float
        Its calibrated probability of a purchase.
    predicted : array-like of bool
        Likely buyers under the run's rule (top share or probability cut).
    customer_ids : array-like of str
        Tie-breaker of the ranking (:func:`ranked`).

    Returns
    -------
    dict
        ``auc`` and ``average_precision`` of the score (NaN with one class);
        ``log_loss`` and ``brier_score`` of the probability; ``precision``,
        ``recall``, ``f1`` of ``predicted`` (0 when undefined); ``base_rate``,
        ``predicted_positive_rate``; ``top_decile_lift`` = buy rate of the
        top tenth by score (ceil(n / 10) customers, SQL's ntile(10) first
        tile) over the base rate.
    """
    y_true = np.asarray(y_true, dtype=int)
    score = np.asarray(score, dtype=float)
    probability = np.clip(np.asarray(probability, dtype=float), 0.0, 1.0)
    predicted = np.asarray(predicted, dtype=int)
    both_classes = y_true.min() != y_true.max()
    base_rate = float(y_true.mean())
    top = ranked(score, customer_ids)[: top_count(len(y_true), 0.1)]
    return {
        "auc": float(roc_auc_score(y_true, score)) if both_classes else float("nan"),
        "average_precision": (
            float(average_precision_score(y_true, score)) if both_classes else float("nan")
        ),
        "log_loss": float(log_loss(y_true, probability, labels=[0, 1])),
        "brier_score": float(brier_score_loss(y_true, probability)),
        "precision": float(precision_score(y_true, predicted, zero_division=0)),
        "recall": float(recall_score(y_true, predicted, zero_division=0)),
        "f1": float(f1_score(y_true, predicted, zero_division=0)),
        "base_rate": base_rate,
        "predicted_positive_rate": float(predicted.mean()),
        "top_decile_lift": float(y_true[top].mean() / base_rate) if base_rate else float("nan"),
    }
