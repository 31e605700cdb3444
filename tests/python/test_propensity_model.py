"""Propensity package: estimator, threshold and metrics, backtest fit, artifacts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from sklearn.metrics import f1_score, roc_auc_score
from threadpoolctl import threadpool_limits

from segwarehouse.propensity import (
    ARTIFACT_SCHEMA,
    PropensityClassifier,
    PropensityParams,
    classification_metrics,
    f1_optimal_threshold,
    fit_propensity,
    fit_propensity_artifacts,
    score_customers,
)

FEATURES = ["recency_days", "order_count", "session_count", "days_since_last_visit"]


def labelled_customers(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """Customers whose chance to buy falls with recency and rises with orders."""
    rng = np.random.default_rng(seed)
    recency = rng.integers(1, 400, n).astype(float)
    orders = rng.poisson(3, n).astype(float) + 1
    sessions = rng.poisson(5, n).astype(float)
    sessions[rng.random(n) < 0.3] = np.nan  # browsing unknown for some
    logit = 1.0 - recency / 60 + 0.4 * orders
    buys = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "customer_id": [f"c{i:05d}" for i in range(n)],
            "recency_days": recency,
            "order_count": orders,
            "session_count": sessions,
            "days_since_last_visit": np.nan,  # no events at all: must be left out
            "has_purchased": buys,
        }
    )


# --- evaluation ------------------------------------------------------------


def test_f1_optimal_threshold_on_a_hand_computed_case():
    # Cuts: 0.9 -> P 1, R 1/3, F1 0.5; 0.7 -> P 1, R 2/3, F1 0.8;
    # 0.4 -> P 2/3, R 2/3, F1 2/3; 0.2 -> P 3/4, R 1, F1 6/7 (best).
    y = [1, 1, 0, 1]
    p = [0.9, 0.7, 0.4, 0.2]
    assert f1_optimal_threshold(y, p) == pytest.approx(0.2)


def test_f1_optimal_threshold_beats_every_other_cut():
    rng = np.random.default_rng(1)
    y = rng.random(80) < 0.25
    p = np.round(np.clip(y * 0.3 + rng.random(80) * 0.7, 0, 1), 2)
    best = f1_optimal_threshold(y, p)
    best_f1 = f1_score(y, p >= best)
    assert all(f1_score(y, p >= cut) <= best_f1 + 1e-12 for cut in np.unique(p))


def test_f1_optimal_threshold_needs_both_classes():
    with pytest.raises(ValueError, match="both classes"):
        f1_optimal_threshold([1, 1], [0.2, 0.4])


def test_classification_metrics_hand_computed():
    y = [1, 0, 1, 0, 0]
    p = [0.8, 0.6, 0.4, 0.2, 0.1]
    metrics = classification_metrics(y, p, threshold=0.5)
    # Predicted buyers: the first two -> TP 1, FP 1, FN 1.
    assert metrics["precision"] == pytest.approx(0.5)
    assert metrics["recall"] == pytest.approx(0.5)
    assert metrics["f1"] == pytest.approx(0.5)
    assert metrics["base_rate"] == pytest.approx(0.4)
    assert metrics["predicted_positive_rate"] == pytest.approx(0.4)
    # Pairs (buyer, non-buyer) ranked right: 0.8 beats 3, 0.4 beats 2 -> 5 of 6.
    assert metrics["auc"] == pytest.approx(5 / 6)


def test_classification_metrics_with_one_class_has_no_auc():
    metrics = classification_metrics([0, 0, 0], [0.1, 0.2, 0.3], threshold=0.5)
    assert np.isnan(metrics["auc"])
    assert metrics["precision"] == 0


# --- estimator -------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["logistic_regression", "random_forest", "gradient_boosting"])
def test_classifier_learns_the_planted_signal(algorithm):
    frame = labelled_customers(800)
    train, test = frame.iloc[:600], frame.iloc[600:]
    # One OpenMP thread, as in the dbt model: gradient boosting crawls when
    # its threads compete with a busy machine.
    with threadpool_limits(limits=1):
        model = PropensityClassifier(algorithm, FEATURES, random_state=3).fit(
            train, train["has_purchased"]
        )
        probability = model.predict_proba(test)[:, 1]
    assert roc_auc_score(test["has_purchased"], probability) > 0.8
    assert model.features_ == ["recency_days", "order_count", "session_count"]
    assert list(model.classes_) == [False, True]


def test_classifier_is_deterministic_and_ignores_column_order():
    frame = labelled_customers(400)
    first = PropensityClassifier("random_forest", FEATURES, 5).fit(frame, frame["has_purchased"])
    shuffled = frame[list(reversed(frame.columns))]
    second = PropensityClassifier("random_forest", FEATURES, 5).fit(
        shuffled, shuffled["has_purchased"]
    )
    np.testing.assert_array_equal(first.predict_proba(frame), second.predict_proba(frame))


def test_classifier_rejects_one_class_and_missing_columns():
    frame = labelled_customers(50)
    with pytest.raises(ValueError, match="both buyers and non-buyers"):
        PropensityClassifier(features=FEATURES).fit(frame, np.ones(len(frame), dtype=bool))
    model = PropensityClassifier(features=FEATURES).fit(frame, frame["has_purchased"])
    with pytest.raises(ValueError, match="lacks the fitted feature columns"):
        model.predict_proba(frame.drop(columns=["order_count"]))
    with pytest.raises(ValueError, match="none of the features"):
        PropensityClassifier(features=["nope"]).fit(frame, frame["has_purchased"])


# --- backtest fit ----------------------------------------------------------


def test_fit_propensity_reports_held_out_metrics():
    frame = labelled_customers(1000)
    params = PropensityParams(features=tuple(FEATURES), test_share=0.25, random_state=11)
    fit = fit_propensity(frame, params)
    assert fit.status == "trained"
    assert (fit.train_size, fit.test_size, fit.labelled_customers) == (750, 250, 1000)
    assert fit.base_rate == pytest.approx(frame["has_purchased"].mean())
    assert fit.metrics["auc"] > 0.8
    assert 0 < fit.threshold < 1
    # Stratified split: the test base rate is the overall one, to one customer.
    assert abs(fit.metrics["base_rate"] - fit.base_rate) <= 1 / 250


def test_fit_propensity_does_not_depend_on_row_order():
    frame = labelled_customers(500)
    params = PropensityParams(features=tuple(FEATURES))
    first = fit_propensity(frame, params)
    second = fit_propensity(frame.sample(frac=1, random_state=4), params)
    assert first.metrics == second.metrics
    assert first.threshold == second.threshold


def test_fixed_threshold_is_used_as_given():
    fit = fit_propensity(
        labelled_customers(500), PropensityParams(features=tuple(FEATURES), threshold=0.35)
    )
    assert fit.threshold == 0.35


@pytest.mark.parametrize(
    ("n", "buyers", "reason"),
    [
        pytest.param(30, 15, "30 labelled customers, need at least 40", id="too-few"),
        pytest.param(100, 5, "5 buyers and 95 non-buyers", id="too-few-buyers"),
        pytest.param(100, 100, "100 buyers and 0 non-buyers", id="one-class"),
    ],
)
def test_not_enough_data_gives_a_reason_and_no_model(n, buyers, reason):
    frame = labelled_customers(n)
    frame["has_purchased"] = np.arange(n) < buyers
    fit = fit_propensity(frame, PropensityParams(features=tuple(FEATURES)))
    assert fit.status == "not_enough_data"
    assert reason in fit.reason
    assert fit.estimator is None
    with pytest.raises(ValueError, match="no fitted model"):
        score_customers(fit, frame)


def test_score_customers_keeps_ids_and_gives_probabilities():
    frame = labelled_customers(300)
    fit = fit_propensity(frame, PropensityParams(features=tuple(FEATURES)))
    scores = score_customers(fit, frame.drop(columns=["has_purchased"]))
    assert list(scores.columns) == ["customer_id", "purchase_probability"]
    assert scores["customer_id"].tolist() == frame["customer_id"].tolist()
    assert scores["purchase_probability"].between(0, 1).all()
    assert len(score_customers(fit, frame.iloc[:0])) == 0


# --- artifact table --------------------------------------------------------


def test_artifacts_hold_one_run_row_and_a_score_per_customer():
    labelled = labelled_customers(400)
    current = labelled.drop(columns=["has_purchased"])
    batches = [pa.Table.from_pandas(current.iloc[:150]), current.iloc[150:]]
    table = fit_propensity_artifacts(
        labelled,
        batches,
        {"features": FEATURES, "horizon_days": "30"},
        as_of_date=pd.Timestamp("2024-12-31"),
        cutoff_date=dt.date(2024, 12, 1),
    )
    assert table.schema == ARTIFACT_SCHEMA
    frame = table.to_pandas()
    run = frame[frame["artifact"] == "run"]
    assert len(run) == 1
    assert run["status"].iloc[0] == "trained"
    assert run["as_of_date"].iloc[0] == dt.date(2024, 12, 31)
    assert run["cutoff_date"].iloc[0] == dt.date(2024, 12, 1)
    assert run["features"].iloc[0] == "recency_days,order_count,session_count"
    scores = frame[frame["artifact"] == "score"]
    assert scores["customer_id"].tolist() == current["customer_id"].tolist()


def test_artifacts_without_a_model_are_the_run_row_only():
    labelled = labelled_customers(20)
    table = fit_propensity_artifacts(labelled, [labelled], {}, None, None)
    assert table.schema == ARTIFACT_SCHEMA
    assert table.num_rows == 1
    row = table.to_pylist()[0]
    assert row["status"] == "not_enough_data"
    assert row["auc"] is None
    assert row["as_of_date"] is None
