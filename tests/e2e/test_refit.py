"""Fit on a schedule, score every run: the demo warehouse run again.

Each fixture runs the fitted models on a copy of the demo warehouse (whose
build fitted both models as of its as-of date), as the next nightly run would:
with the default schedule (auto, refit_after_days 30) on the same data, and
with --full-refresh. Only the models that change run. test_segments_retrain.py
covers the rest on the builds it makes anyway: a fit older than
refit_after_days is fitted again, `refit: always` fits, and new customers are
scored with a stored fit.
"""

from __future__ import annotations

import pandas as pd
import pytest

FITTED_MODELS = ("segment_model", "propensity_model")
#: The models that score customers with the stored fits, and their run records.
SCORING_MODELS = (
    "path:models/intermediate/segments",
    "segment_model",
    "segment_runs",
    "customer_segments",
    "propensity_model",
    "customer_propensity",
    "propensity_model_metrics",
)
RUN_LABELS = ["run_number", "run_kind", "fit_run_number", "fitted_as_of_date", "refit_reason"]


def _run_row(warehouse, model: str) -> pd.Series:
    frame = warehouse.df(f"select * from {model} where artifact = 'run'")
    assert len(frame) == 1
    return frame.iloc[0]


def _fit_rows(warehouse, model: str) -> pd.DataFrame:
    """Every row of the stored fit but the run labels and the scores, in a fixed order."""
    labels = ", ".join([*RUN_LABELS, "as_of_date"])
    frame = warehouse.df(
        f"select * exclude ({labels}) from {model} where artifact not in ('run', 'score')"
    )
    return frame.sort_values(list(frame.columns[:8]), ignore_index=True)


@pytest.fixture(scope="module")
def scored_same(demo_warehouse, build_warehouse):
    """The next run on the same data, default schedule: the fits are 0 days old."""
    return build_warehouse(
        command=("run", "--select", *SCORING_MODELS), copy_of=demo_warehouse, name="refit_same"
    )


@pytest.fixture(scope="module")
def full_refresh(demo_warehouse, build_warehouse):
    """The next run on the same data with --full-refresh."""
    return build_warehouse(
        command=("run", "--full-refresh", "--select", *FITTED_MODELS),
        copy_of=demo_warehouse,
        name="refit_full",
    )


@pytest.mark.parametrize("model", FITTED_MODELS)
def test_the_demo_build_fitted(demo_warehouse, model):
    run = _run_row(demo_warehouse, model)
    assert (run["run_kind"], run["refit_reason"]) == ("fitted", "no stored model")
    assert run["fit_run_number"] == run["run_number"] == 1
    assert run["fitted_as_of_date"] == run["as_of_date"]


@pytest.mark.parametrize("model", FITTED_MODELS)
def test_a_run_within_the_age_scores_with_the_stored_fit(demo_warehouse, scored_same, model):
    run = _run_row(scored_same, model)
    assert run["run_kind"] == "scored"
    assert run["run_number"] == 2
    assert run["fit_run_number"] == 1
    assert "0 days old, within refit_after_days 30" in run["refit_reason"]
    pd.testing.assert_frame_equal(
        _fit_rows(demo_warehouse, model), _fit_rows(scored_same, model), check_exact=True
    )


def test_a_second_run_leaves_no_temporary_tables_to_publish(scored_same):
    # The incremental Python models write a staging table per run; a table
    # left in main would be published with the marts.
    leftovers = scored_same.query(
        "select table_schema, table_name from information_schema.tables "
        "where table_name like '%dbt_tmp%'"
    )
    assert leftovers == []


def test_the_run_records_say_scored(scored_same):
    runs = scored_same.df("select * from segment_runs order by run_number")
    assert runs["run_kind"].tolist() == ["fitted", "scored"]
    assert runs["fit_run_number"].tolist() == [1, 1]
    metrics = scored_same.df(
        "select distinct run_kind, fit_run_number from propensity_model_metrics"
    )
    assert metrics.to_dict("records") == [{"run_kind": "scored", "fit_run_number": 1}]


@pytest.mark.parametrize(
    ("table", "key"), [("customer_segments", "customer_id"), ("customer_propensity", "customer_id")]
)
def test_scores_from_the_stored_fit_equal_the_fit_runs_scores(
    demo_warehouse, scored_same, table, key
):
    sql = f"select * from {table} order by {key}"
    fitted, scored = demo_warehouse.df(sql), scored_same.df(sql)
    assert len(fitted) == demo_warehouse.scalar("select count(*) from customer_features") > 0
    pd.testing.assert_frame_equal(fitted, scored, check_exact=True)


@pytest.mark.parametrize("model", FITTED_MODELS)
def test_a_full_refresh_always_fits(full_refresh, model):
    run = _run_row(full_refresh, model)
    assert (run["run_kind"], run["refit_reason"]) == ("fitted", "full refresh")
    assert run["fit_run_number"] == run["run_number"] == 2


def test_a_full_refresh_keeps_the_segment_ids(demo_warehouse, full_refresh):
    sql = "select segment_id from segment_model where artifact = 'segment' order by segment_id"
    assert full_refresh.df(sql).equals(demo_warehouse.df(sql))
    assert _run_row(full_refresh, "segment_model")["matched_segments"] > 0
