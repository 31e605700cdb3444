"""The refit schedule, and scoring with a stored fit in the package (no dbt)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from segwarehouse.propensity import fit_propensity_artifacts
from segwarehouse.propensity.dbt_model import stored_fit_of
from segwarehouse.refit import RefitSchedule, StoredFit, decide_refit
from segwarehouse.segmentation import fit_segment_artifacts

FIT_DATE = dt.date(2024, 1, 1)
PARAMETERS = '{"k": 3}'
LABELS = ["run_number", "run_kind", "fit_run_number", "fitted_as_of_date", "refit_reason"]


def _stored(**changes) -> StoredFit:
    values = {
        "run_number": 3,
        "fit_run_number": 2,
        "fitted_as_of_date": FIT_DATE,
        "parameters": PARAMETERS,
        "has_model": True,
    }
    return StoredFit(**(values | changes))


@pytest.mark.parametrize(
    ("policy", "stored", "days", "incremental", "refit", "reason"),
    [
        pytest.param("never", None, 0, True, True, "no stored model", id="nothing-stored"),
        pytest.param(
            "never",
            _stored(has_model=False),
            0,
            True,
            True,
            "the stored fit has no model to score with",
            id="stored-without-model",
        ),
        pytest.param("never", _stored(), 0, False, True, "full refresh", id="full-refresh"),
        pytest.param("always", _stored(), 0, True, True, "refit: always", id="always"),
        pytest.param("never", _stored(), 400, True, False, "refit: never", id="never-old"),
        pytest.param(
            "auto",
            _stored(),
            30,
            True,
            False,
            "stored model 30 days old, within refit_after_days 30",
            id="auto-at-the-age",
        ),
        pytest.param(
            "auto",
            _stored(),
            31,
            True,
            True,
            "stored model 31 days old, refit_after_days 30",
            id="auto-past-the-age",
        ),
        pytest.param(
            "auto",
            _stored(),
            -1,
            True,
            True,
            "the stored model was fitted as of a later date (1 days)",
            id="auto-backtest",
        ),
        pytest.param(
            "auto",
            _stored(parameters='{"k": 4}'),
            1,
            True,
            True,
            "parameters changed since the fit",
            id="auto-parameters-changed",
        ),
    ],
)
def test_decide_refit(policy, stored, days, incremental, refit, reason):
    as_of = FIT_DATE + dt.timedelta(days=days)
    decision = decide_refit(RefitSchedule(policy, 30), stored, as_of, PARAMETERS, incremental)
    assert (decision.refit, decision.reason) == (refit, reason)
    assert decision.run_kind == ("fitted" if refit else "scored")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param({"refit": "sometimes"}, "refit must be one of", id="policy"),
        pytest.param({"refit_after_days": 0}, "refit_after_days must be >= 1", id="zero-days"),
        pytest.param({"refit_after_days": "1.5"}, "whole number", id="fraction"),
    ],
)
def test_a_bad_schedule_is_rejected(config, message):
    with pytest.raises(ValueError, match=message):
        RefitSchedule.pop_from(dict(config))


def test_the_schedule_keys_are_taken_out_of_the_config():
    config = {"refit": "never", "refit_after_days": "7", "k": 3}
    assert RefitSchedule.pop_from(config) == RefitSchedule("never", 7)
    assert config == {"k": 3}


def _runs(table: pa.Table) -> pd.DataFrame:
    return table.filter(pc.equal(table.column("artifact"), "run")).to_pandas()


def _without_labels(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas().drop(columns=[*LABELS, "as_of_date"])


@pytest.fixture
def sample() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    centers = np.repeat([[1.0, 10.0], [8.0, 200.0], [3.0, 900.0]], 60, axis=0)
    values = centers * rng.lognormal(0, 0.1, centers.shape)
    ids = [f"c{i:04d}" for i in range(len(values))]
    return pd.DataFrame({"customer_id": ids, "orders": values[:, 0], "revenue": values[:, 1]})


def test_a_segment_run_within_the_age_keeps_the_stored_fit(sample):
    fitted = fit_segment_artifacts(sample, {"k": 3}, None, FIT_DATE)
    later = FIT_DATE + dt.timedelta(days=10)
    scored = fit_segment_artifacts(sample.iloc[::2], {"k": 3}, fitted, later)
    run = _runs(scored).iloc[0]
    assert (run["run_number"], run["run_kind"], run["fit_run_number"]) == (2, "scored", 1)
    assert (run["as_of_date"], run["fitted_as_of_date"]) == (later, FIT_DATE)
    assert scored.column("run_number").to_pylist() == [2] * scored.num_rows
    pd.testing.assert_frame_equal(_without_labels(fitted), _without_labels(scored))


def test_a_segment_run_with_refit_always_fits(sample):
    fitted = fit_segment_artifacts(sample, {"k": 3}, None, FIT_DATE)
    refit = fit_segment_artifacts(sample.iloc[::2], {"k": 3, "refit": "always"}, fitted, FIT_DATE)
    run = _runs(refit).iloc[0]
    assert (run["run_kind"], run["fit_run_number"], run["sample_size"]) == ("fitted", 2, 90)


def _propensity_frame(count: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    orders = rng.poisson(2, size=count).astype(float)
    return pd.DataFrame(
        {
            "customer_id": [f"c{i:04d}" for i in range(count)],
            "order_count": orders,
            "recency_days": rng.integers(1, 300, size=count).astype(float),
            "frequency": orders,
            "recency": rng.integers(0, 100, size=count).astype(float),
            "t": rng.integers(100, 300, size=count).astype(float),
            "has_purchased": rng.random(count) < 0.2 + 0.1 * orders,
        }
    )


def test_propensity_scores_from_the_stored_fit_equal_the_fit_runs():
    labelled = _propensity_frame(400, 1)
    current = _propensity_frame(500, 2).drop(columns="has_purchased")
    config = {"features": "order_count, recency_days"}
    fitted = fit_propensity_artifacts(labelled, [current], config, FIT_DATE)
    stored = fitted.filter(pc.not_equal(fitted.column("artifact"), "score"))
    assert stored_fit_of(stored).status == "trained"

    def unused():
        raise AssertionError("a scoring run must not read the training rows")

    class Relation:
        df = staticmethod(unused)

    scored = fit_propensity_artifacts(Relation(), lambda: [current], config, FIT_DATE, None, stored)
    run = _runs(scored).iloc[0]
    assert (run["run_kind"], run["fit_run_number"], run["run_number"]) == ("scored", 1, 2)
    pd.testing.assert_frame_equal(_without_labels(fitted), _without_labels(scored))


def test_propensity_parameters_skip_the_schedule_keys():
    """The Spark runner builds the parameters from the whole meta block."""
    from segwarehouse.propensity import PropensityParams

    params = PropensityParams.from_mapping({"refit": "never", "refit_after_days": 7})
    assert params == PropensityParams()
