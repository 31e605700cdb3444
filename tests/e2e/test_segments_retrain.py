"""Retraining: the same data gives the same segments; 5% more customers keep the ids.

Both rebuild a copy of the demo warehouse in place, so that segment_model finds
the previous run's table and fits again, as a scheduled refit would: on the same
data because the stored fit is made older than refit_after_days, with 5% more
customers because of `refit: always`. Last, the grown data is scored with the demo's stored fits
(`refit: never`): every customer, the new ones included, without a refit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_refit import SCORING_MODELS

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
#: Same data: the upstream tables in the copy are already those of this data,
#: so only the segment models (and their tests) run again.
REBUILD_SEGMENTS = ("build", "--select", "path:models/marts/segments")
#: New data: everything the segments depend on is rebuilt (tests ran on the demo).
#: propensity_model keeps the demo's fit; its scoring input is a view.
REBUILD_WITH_UPSTREAM = ("run", "--select", "+path:models/marts/segments")
REFIT = {"refit": "always"}
AGE_DAYS = 40
#: The stored segment fit made AGE_DAYS older than the data's as-of date.
AGED_FIT = (
    f"update main.segment_model set fitted_as_of_date = fitted_as_of_date - {AGE_DAYS}"
    " where artifact = 'run'"
)
SEGMENT_COLUMNS = "customer_id, segment_id, segment_name, distance, normalized_distance, is_outlier"


def _with_extra_customers(target: Path, share: float = 0.05) -> Path:
    """The demo raw files plus clones (new ids) of every 1/share-th buying customer.

    Clones copy the customer's order lines, events and customer row with new
    customer, order, session and event ids, so the base grows by ``share``
    drawn from the same population, within the same dates.
    """
    shutil.copytree(DEMO_DIR, target)

    def read(table: str) -> pd.DataFrame:
        return pd.read_csv(target / f"{table}.csv", dtype=str, keep_default_na=False)

    lines = read("order_lines")
    buyers = sorted(set(lines["customer_id"]) - {""})
    cloned = set(buyers[:: round(1 / share)])

    def clone(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        rows = frame[frame["customer_id"].isin(cloned)].copy()
        for column in columns:
            rows[column] = rows[column].where(rows[column] == "", "X" + rows[column])
        return pd.concat([frame, rows], ignore_index=True)

    clone(lines, ["customer_id", "order_id"]).to_csv(target / "order_lines.csv", index=False)
    events = read("events")
    columns = ["customer_id", "event_id", "session_id", "anonymous_id"]
    clone(events, columns).to_csv(target / "events.csv", index=False)
    customers = read("customers")
    clone(customers, ["customer_id"]).to_csv(target / "customers.csv", index=False)
    return target


@pytest.fixture(scope="module")
def rebuilt_same(demo_warehouse, build_warehouse):
    return build_warehouse(
        DEMO_DIR,
        command=REBUILD_SEGMENTS,
        copy_of=demo_warehouse,
        setup_sql=AGED_FIT,
        name="segments_same",
    )


@pytest.fixture(scope="module")
def raw_grown(tmp_path_factory) -> Path:
    return _with_extra_customers(tmp_path_factory.mktemp("raw_grown") / "raw")


@pytest.fixture(scope="module")
def rebuilt_grown(demo_warehouse, build_warehouse, raw_grown):
    command, name = REBUILD_WITH_UPSTREAM, "segments_grown"
    return build_warehouse(
        raw_grown, command=command, dbt_vars=REFIT, copy_of=demo_warehouse, name=name
    )


@pytest.fixture(scope="module")
def scored_grown(demo_warehouse, rebuilt_grown, build_warehouse, raw_grown):
    """The grown warehouse with the demo's fits stored, run with `refit: never`."""
    setup = f"attach '{demo_warehouse.db_path}' as demo (read_only);" + "".join(
        f"create or replace table main.{model} as select * from demo.main.{model};"
        for model in ("segment_model", "propensity_model")
    )
    return build_warehouse(
        raw_grown,
        command=("run", "--select", *SCORING_MODELS),
        dbt_vars={"refit": "never"},
        copy_of=rebuilt_grown,
        setup_sql=setup,
        name="segments_scored_grown",
    )


def test_two_runs_on_the_same_data_give_identical_customer_segments(demo_warehouse, rebuilt_same):
    sql = f"select {SEGMENT_COLUMNS} from customer_segments order by customer_id"
    first, second = demo_warehouse.df(sql), rebuilt_same.df(sql)
    assert len(first) > 0
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_the_second_run_is_recorded_as_a_perfect_match(demo_warehouse, rebuilt_same):
    runs = rebuilt_same.df("select * from segment_runs order by run_number")
    assert runs["run_number"].tolist() == [1, 2]
    assert runs["run_kind"].tolist() == ["fitted", "fitted"]
    assert runs["refit_reason"].tolist() == [
        "no stored model",
        f"stored model {AGE_DAYS} days old, refit_after_days 30",
    ]
    assert runs["fit_run_number"].tolist() == [1, 2]
    second = runs.iloc[1]
    assert second["previous_adjusted_rand_index"] == pytest.approx(1.0)
    assert second["matched_segments"] == second["k"] == runs.iloc[0]["k"]
    assert second["new_segments"] == second["retired_segments"] == 0
    assert runs.iloc[0]["dbt_invocation_id"] != second["dbt_invocation_id"]


def test_five_percent_more_customers_keep_segment_ids(demo_warehouse, rebuilt_grown):
    sql = "select customer_id, segment_id, segment_name from customer_segments"
    before, after = demo_warehouse.df(sql), rebuilt_grown.df(sql)
    grown = len(after) / len(before) - 1
    assert 0.04 <= grown <= 0.06
    both = before.merge(after, on="customer_id", suffixes=("_before", "_after"))
    assert len(both) == len(before)
    same_id = (both["segment_id_before"] == both["segment_id_after"]).mean()
    print(f"5% more customers: {same_id:.2%} of the existing customers keep their segment id")
    assert same_id >= 0.95
    assert set(after["segment_id"]) == set(before["segment_id"])
    # an id keeps its meaning: the same id has the same (or nearly the same) name
    names = both.groupby("segment_id_before")["segment_name_after"].agg(
        lambda values: values.value_counts().index[0]
    )
    old_names = before.drop_duplicates("segment_id").set_index("segment_id")["segment_name"]
    assert (names.sort_index() == old_names.sort_index()).mean() >= 0.8


def test_the_retrain_is_recorded_with_matched_ids(rebuilt_grown):
    latest = rebuilt_grown.df("select * from segment_runs order by run_number desc limit 1")
    run = latest.iloc[0]
    assert run["run_number"] == 2
    assert (run["run_kind"], run["fit_run_number"], run["refit_reason"]) == (
        "fitted",
        2,
        "refit: always",
    )
    assert run["matched_segments"] == run["k"]
    assert run["new_segments"] == run["retired_segments"] == 0
    assert run["previous_adjusted_rand_index"] >= 0.9


def test_the_grown_data_is_scored_with_the_stored_fits(scored_grown):
    runs = scored_grown.df("select run_kind, fit_run_number, refit_reason from segment_runs")
    latest = scored_grown.df("select * from segment_runs order by run_number desc limit 1")
    assert latest[["run_kind", "fit_run_number", "refit_reason"]].iloc[0].tolist() == [
        "scored",
        1,
        "refit: never",
    ], runs
    metrics = scored_grown.df(
        "select distinct run_kind, fit_run_number from propensity_model_metrics"
    )
    assert metrics.to_dict("records") == [{"run_kind": "scored", "fit_run_number": 1}]


def test_the_stored_fits_score_every_customer_new_ones_included(demo_warehouse, scored_grown):
    customers = scored_grown.df("select customer_id from customer_features")
    new = set(customers["customer_id"]) - set(
        demo_warehouse.df("select customer_id from customer_features")["customer_id"]
    )
    assert len(new) > 0
    for table in ("customer_segments", "customer_propensity"):
        scored = scored_grown.df(f"select customer_id from {table}")
        assert sorted(scored["customer_id"]) == sorted(customers["customer_id"]), table
    segments = set(scored_grown.df("select segment_id from customer_segments")["segment_id"])
    demo = set(
        demo_warehouse.df("select segment_id from segment_model where artifact = 'segment'")[
            "segment_id"
        ]
    )
    assert segments <= demo


def test_the_stored_fits_score_unchanged_customers_as_the_fit_run_did(demo_warehouse, scored_grown):
    """Customers whose features did not change get the fit run's scores, to the bit."""
    features = "select * from customer_features order by customer_id"
    before, after = demo_warehouse.df(features), scored_grown.df(features)
    same = before.merge(after, how="inner", on=list(before.columns))["customer_id"]
    assert len(same) > 0.5 * len(before)
    for table in ("customer_segments", "customer_propensity"):
        columns = {
            "customer_segments": "customer_id, segment_id, distance",
            "customer_propensity": "customer_id, propensity_score, purchase_probability",
        }[table]
        sql = f"select {columns} from {table} order by customer_id"
        fitted = demo_warehouse.df(sql).set_index("customer_id").loc[same]
        scored = scored_grown.df(sql).set_index("customer_id").loc[same]
        pd.testing.assert_frame_equal(fitted, scored, check_exact=True)
