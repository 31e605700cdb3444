"""Propensity package: estimator, metrics, baselines, backtest fit, artifacts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from lifetimes import BetaGeoFitter
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from segwarehouse.propensity import (
    ARTIFACT_SCHEMA,
    BASELINES,
    PropensityClassifier,
    PropensityParams,
    bgnbd_figures,
    fit_bgnbd,
    fit_propensity,
    fit_propensity_artifacts,
    flag_top_share,
    method_metrics,
    ranked,
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
    # Lifetimes' summary: one purchase day per order, spread over `span` days.
    span = np.where(orders > 1, rng.integers(1, 300, n), 0).astype(float)
    frame = pd.DataFrame(
        {
            "customer_id": [f"c{i:05d}" for i in range(n)],
            "recency_days": recency,
            "order_count": orders,
            "session_count": sessions,
            "days_since_last_visit": np.nan,  # no events at all: must be left out
            "frequency": orders - 1,
            "recency": span,
            "t": span + recency,
            "has_purchased": buys,
        }
    )
    for name, values in [
        ("r_score", -recency),
        ("f_score", orders),
        ("m_score", orders * rng.random(n)),
    ]:
        frame[name] = pd.qcut(pd.Series(values).rank(method="first"), 5, labels=False) + 1
    return frame


# --- evaluation ------------------------------------------------------------


def test_ranking_breaks_ties_by_customer_id_and_top_share_rounds_up():
    score = [0.5, 0.9, 0.5, 0.1]
    ids = ["d", "a", "b", "c"]
    # 0.9 (a), then the tie 0.5 in id order (b before d), then 0.1 (c).
    assert ranked(score, ids).tolist() == [1, 2, 0, 3]
    # 30% of 4 customers is 1.2: two are flagged.
    assert flag_top_share(score, ids, 0.3).tolist() == [False, True, True, False]
    assert flag_top_share(score, ids, 0.25).tolist() == [False, True, False, False]


def test_method_metrics_hand_computed():
    y = [1, 0, 1, 0, 0]
    score = [8, 6, 4, 2, 1]
    probability = [0.8, 0.6, 0.4, 0.2, 0.1]
    flagged = [True, True, False, False, False]
    ids = ["a", "b", "c", "d", "e"]
    metrics = method_metrics(y, score, probability, flagged, ids)
    # Flagged: the first two -> TP 1, FP 1, FN 1.
    assert metrics["precision"] == pytest.approx(0.5)
    assert metrics["recall"] == pytest.approx(0.5)
    assert metrics["f1"] == pytest.approx(0.5)
    assert metrics["base_rate"] == pytest.approx(0.4)
    assert metrics["predicted_positive_rate"] == pytest.approx(0.4)
    # Pairs (buyer, non-buyer) ranked right: 8 beats 3, 4 beats 2 -> 5 of 6.
    assert metrics["auc"] == pytest.approx(5 / 6)
    # Squared errors 0.04, 0.36, 0.36, 0.04, 0.01 over 5.
    assert metrics["brier_score"] == pytest.approx(0.81 / 5)
    expected_log_loss = -np.mean(np.log([0.8, 0.4, 0.4, 0.8, 0.9]))
    assert metrics["log_loss"] == pytest.approx(expected_log_loss)
    # Top tenth of 5 customers = ceil(0.5) = 1 customer (a, a buyer): 1 / 0.4.
    assert metrics["top_decile_lift"] == pytest.approx(2.5)


def test_method_metrics_with_one_class_has_no_auc():
    metrics = method_metrics([0, 0, 0], [1, 2, 3], [0.1, 0.2, 0.3], [False] * 3, ["a", "b", "c"])
    assert np.isnan(metrics["auc"])
    assert metrics["precision"] == 0


# --- baselines -------------------------------------------------------------


def test_bgnbd_figures_are_lifetimes_own():
    frame = labelled_customers(500)
    fitter = fit_bgnbd(frame, penalizer=0.001)
    reference = BetaGeoFitter(penalizer_coef=0.001).fit(
        frame["frequency"], frame["recency"], frame["t"], tol=fitter.tol_
    )
    figures = bgnbd_figures(fitter, frame, horizon_days=30)
    expected = reference.conditional_expected_number_of_purchases_up_to_time(
        30, frame["frequency"], frame["recency"], frame["t"]
    )
    alive = reference.conditional_probability_alive(
        frame["frequency"], frame["recency"], frame["t"]
    )
    np.testing.assert_allclose(figures["expected_purchases"], expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(figures["probability_alive"], alive, rtol=0, atol=1e-9)


def test_bgnbd_figures_without_a_fit_are_missing():
    frame = labelled_customers(20)
    figures = bgnbd_figures(None, frame, 30)
    assert figures.index.equals(frame.index)
    assert figures.isna().all().all()


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


def test_fit_propensity_measures_every_method_on_the_same_customers():
    frame = labelled_customers(1000)
    params = PropensityParams(features=tuple(FEATURES), test_share=0.25, random_state=11)
    fit = fit_propensity(frame, params)
    assert fit.status == "trained"
    assert (fit.train_size, fit.test_size, fit.labelled_customers) == (750, 250, 1000)
    assert fit.base_rate == pytest.approx(frame["has_purchased"].mean())
    assert [(m.name, m.kind) for m in fit.methods] == [
        ("logistic_regression", "model"),
        *((name, "baseline") for name in BASELINES),
    ]
    held_out = fit.backtest.groupby("method")["customer_id"].apply(lambda ids: sorted(ids))
    assert held_out.map(len).eq(250).all()
    assert all(ids == held_out.iloc[0] for ids in held_out)
    labels = frame.set_index("customer_id")["has_purchased"]
    for method in fit.methods:
        rows = fit.backtest[fit.backtest["method"] == method.name]
        assert (rows["has_purchased"] == labels[rows["customer_id"]].to_numpy()).all()
        assert method.metrics["auc"] == pytest.approx(
            roc_auc_score(rows["has_purchased"], rows["score"])
        )
        # Stratified split: the test base rate is the overall one, to one customer.
        assert abs(method.metrics["base_rate"] - fit.base_rate) <= 1 / 250
    assert fit.method("logistic_regression").metrics["auc"] > 0.8
    best = max(fit.methods, key=lambda method: method.metrics["auc"])
    assert fit.published == best.name


def test_calibrated_probabilities_follow_the_observed_rate():
    frame = labelled_customers(2000, seed=5)
    fit = fit_propensity(frame, PropensityParams(features=tuple(FEATURES), random_state=2))
    for method in fit.methods:
        rows = fit.backtest[fit.backtest["method"] == method.name]
        assert rows["purchase_probability"].between(0, 1).all()
        # Isotonic: the probability never falls as the score rises.
        by_score = rows.sort_values("score")["purchase_probability"].to_numpy()
        assert (np.diff(by_score) >= 0).all()
        # On unseen customers the mean probability is near the buy rate.
        assert rows["purchase_probability"].mean() == pytest.approx(
            rows["has_purchased"].mean(), abs=0.05
        )


def test_cross_fitted_probabilities_cover_every_customer_once():
    frame = labelled_customers(600, seed=3)
    fit = fit_propensity(frame, PropensityParams(features=tuple(FEATURES)))
    cross = fit.cross_fitted
    assert sorted(cross["customer_id"]) == sorted(frame["customer_id"])
    assert (cross["method"] == fit.published).all()
    labels = frame.set_index("customer_id")["has_purchased"]
    assert (cross["has_purchased"] == labels[cross["customer_id"]].to_numpy()).all()
    assert cross["purchase_probability"].between(0, 1).all()
    assert cross["purchase_probability"].mean() == pytest.approx(labels.mean(), abs=0.05)
    assert roc_auc_score(cross["has_purchased"], cross["purchase_probability"]) > 0.75


def test_fit_propensity_does_not_depend_on_row_order():
    frame = labelled_customers(500)
    params = PropensityParams(features=tuple(FEATURES))
    first = fit_propensity(frame, params)
    second = fit_propensity(frame.sample(frac=1, random_state=4), params)
    assert [m.metrics for m in first.methods] == [m.metrics for m in second.methods]
    pd.testing.assert_frame_equal(first.backtest, second.backtest)
    pd.testing.assert_frame_equal(first.cross_fitted, second.cross_fitted)


def test_likely_buyer_rule_top_share_or_fixed_probability():
    frame = labelled_customers(500)
    top = fit_propensity(frame, PropensityParams(features=tuple(FEATURES), top_share=0.3))
    assert top.threshold is None
    for method in top.methods:
        assert method.metrics["predicted_positive_rate"] == pytest.approx(38 / 125)
    fixed = fit_propensity(frame, PropensityParams(features=tuple(FEATURES), threshold=0.35))
    assert fixed.threshold == 0.35
    rows = fixed.backtest[fixed.backtest["method"] == "logistic_regression"]
    rate = (rows["purchase_probability"] >= 0.35).mean()
    assert fixed.method("logistic_regression").metrics["predicted_positive_rate"] == rate


def test_bgnbd_figures_can_be_model_features():
    frame = labelled_customers(400)
    features = (*FEATURES, "expected_purchases", "probability_alive")
    fit = fit_propensity(frame, PropensityParams(features=features))
    assert fit.estimator.features_[-2:] == ["expected_purchases", "probability_alive"]
    scores = score_customers(fit, frame.drop(columns=["has_purchased"]))
    assert scores["purchase_probability"].notna().all()


def test_a_baseline_without_its_columns_is_not_fitted():
    frame = labelled_customers(300).drop(columns=["r_score", "t"])
    fit = fit_propensity(frame, PropensityParams(features=tuple(FEATURES)))
    assert fit.status == "trained"
    assert fit.method("rfm_score").reason == "rfm_score needs the column(s) r_score"
    assert fit.method("bgnbd").reason == "bgnbd needs the column(s) t"
    assert not fit.method("bgnbd").metrics
    assert set(fit.backtest["method"]) == {"logistic_regression", "order_count", "recency"}


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


def test_score_customers_uses_the_published_method():
    frame = labelled_customers(300)
    fit = fit_propensity(frame, PropensityParams(features=tuple(FEATURES)))
    scores = score_customers(fit, frame.drop(columns=["has_purchased"]))
    assert list(scores.columns) == [
        "customer_id",
        "score",
        "purchase_probability",
        "expected_purchases",
        "probability_alive",
    ]
    assert scores["customer_id"].tolist() == frame["customer_id"].tolist()
    assert scores["purchase_probability"].between(0, 1).all()
    held_out = fit.backtest[fit.backtest["method"] == fit.published].set_index("customer_id")
    np.testing.assert_allclose(
        scores.set_index("customer_id").loc[held_out.index, "score"], held_out["score"]
    )
    assert len(score_customers(fit, frame.iloc[:0])) == 0


# --- artifact table --------------------------------------------------------


def test_artifacts_hold_run_method_backtest_and_score_rows():
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
    assert run["features"].iloc[0].startswith("recency_days,order_count,session_count")
    methods = frame[frame["artifact"] == "method"]
    assert methods["method"].tolist() == ["logistic_regression", *BASELINES]
    assert run["method"].iloc[0] == methods.loc[methods["auc"].idxmax(), "method"]
    backtest = frame[frame["artifact"] == "backtest"]
    assert len(backtest) == 100 * len(methods)
    assert (frame["artifact"] == "crossfit").sum() == 400
    scores = frame[frame["artifact"] == "score"]
    assert scores["customer_id"].tolist() == current["customer_id"].tolist()
    assert scores["expected_purchases"].notna().all()


def test_artifacts_without_a_model_are_the_run_row_only():
    labelled = labelled_customers(20)
    table = fit_propensity_artifacts(labelled, [labelled], {}, None, None)
    assert table.schema == ARTIFACT_SCHEMA
    assert table.num_rows == 1
    row = table.to_pylist()[0]
    assert row["status"] == "not_enough_data"
    assert row["auc"] is None
    assert row["as_of_date"] is None
