"""Segment history across runs: a backtest run at an earlier as-of date, then a rerun.

Both run on a copy of the demo warehouse (whose own run is as of 2025-01-01),
as a scheduled job would: first a backtest as of 2024-10-01, which must slot in
before the existing run, then the same date again, which must change nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from segwarehouse.dbt_runner import run_dbt

BACKTEST_DATE = dt.date(2024, 10, 1)
VARS = {"as_of": BACKTEST_DATE.isoformat()}
HISTORY_MODELS = ["customer_segment_observations", "customer_segment_history", "segment_migrations"]


@pytest.fixture(scope="module")
def runs(demo_warehouse, parsed_project, tmp_path_factory):
    """The demo warehouse copy after the backtest run, and again after the rerun."""
    work_dir = tmp_path_factory.mktemp("history")
    db_path = work_dir / "warehouse.duckdb"
    shutil.copy(demo_warehouse.db_path, db_path)
    (work_dir / "target").mkdir()
    shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)
    snapshots = {}
    for step, select in [
        # Staging in the copy is already this data's: rebuild what the date moves.
        ("backtest", [f"int_as_of_date+,+{name}" for name in HISTORY_MODELS]),
        ("rerun", HISTORY_MODELS),
    ]:
        result = run_dbt(
            ["run", "--select", *select], db_path=db_path, work_dir=work_dir, dbt_vars=VARS
        )
        assert result.ok, result.output[-6000:]
        warehouse = type(demo_warehouse)(db_path, result)
        snapshots[step] = {
            name: warehouse.df(f"select * from {name}") for name in HISTORY_MODELS
        } | {"customer_rfm": warehouse.df("select customer_id from customer_rfm")}
    snapshots["demo"] = {
        "customer_rfm": demo_warehouse.df("select customer_id from customer_rfm"),
        "as_of": demo_warehouse.scalar("select as_of_date from intermediate.int_as_of_date"),
    }
    return snapshots


def test_backtest_adds_its_own_run_and_keeps_the_later_one(runs):
    observations = runs["backtest"]["customer_segment_observations"]
    counts = observations.groupby("as_of_date").size()
    dates = [pd.Timestamp(date).date() for date in counts.index]
    assert dates == [BACKTEST_DATE, runs["demo"]["as_of"]]
    assert counts.iloc[0] == len(runs["backtest"]["customer_rfm"])
    assert counts.iloc[1] == len(runs["demo"]["customer_rfm"])
    assert counts.iloc[0] < counts.iloc[1]


def test_rerunning_a_date_changes_nothing(runs):
    for name in HISTORY_MODELS:
        before = runs["backtest"][name].sort_values(list(runs["backtest"][name].columns))
        after = runs["rerun"][name].sort_values(list(runs["rerun"][name].columns))
        pd.testing.assert_frame_equal(
            before.reset_index(drop=True), after.reset_index(drop=True), check_dtype=False
        )


def _states(observations: pd.DataFrame, date) -> pd.DataFrame:
    rows = observations[observations["as_of_date"].dt.date == date]
    return rows.set_index("customer_id")[["segment_id", "segment_name", "rfm_segment"]]


def _paired(observations: pd.DataFrame, later) -> pd.DataFrame:
    """One row per customer: its state in the backtest run (_from) and the later run (_to)."""
    before = _states(observations, BACKTEST_DATE)
    after = _states(observations, later)
    return before.merge(
        after, how="outer", left_index=True, right_index=True, suffixes=("_from", "_to")
    )


def test_migrations_count_every_customer_move_between_the_runs(runs):
    observations = runs["backtest"]["customer_segment_observations"]
    paired = _paired(observations, runs["demo"]["as_of"])
    migrations = runs["backtest"]["segment_migrations"]
    assert {pd.Timestamp(d).date() for d in migrations["from_run_date"]} == {BACKTEST_DATE}
    for segmentation in ("segment_id", "rfm_segment"):
        expected = (
            paired.fillna("<none>")
            .groupby([f"{segmentation}_from", f"{segmentation}_to"])
            .size()
            .to_dict()
        )
        name = "segment" if segmentation == "segment_id" else "rfm_segment"
        rows = migrations[migrations["segmentation"] == name].fillna("<none>")
        got = {
            (row.from_segment_id, row.to_segment_id): row.customer_count
            for row in rows.itertuples()
        }
        assert got == expected
    assert (migrations["customer_count"] > 0).all()
    moved = migrations[~migrations["is_same_segment"]]["customer_count"].sum()
    assert 0 < moved < 2 * len(paired)


def test_history_has_one_interval_per_unbroken_state(runs):
    observations = runs["backtest"]["customer_segment_observations"]
    history = runs["backtest"]["customer_segment_history"]
    paired = _paired(observations, runs["demo"]["as_of"])
    # Segment names are re-derived on every fit: a new name is a new interval too.
    changed = pd.Series(False, index=paired.index)
    for column in ("segment_id", "segment_name", "rfm_segment"):
        changed |= paired[f"{column}_from"].fillna("") != paired[f"{column}_to"].fillna("")
    in_both = paired["segment_id_from"].notna() & paired["segment_id_to"].notna()
    expected = (1 + (in_both & changed).astype(int)).sort_index()
    intervals = history.groupby("customer_id").size().sort_index()
    pd.testing.assert_series_equal(intervals, expected, check_names=False)
    current = history[history["is_current"]]
    assert current["customer_id"].is_unique
    assert len(current) == paired["segment_id_to"].notna().sum()
    closed = history[~history["is_current"]]
    assert (closed["valid_to"].dt.date == runs["demo"]["as_of"]).all()
    assert (closed["valid_from"].dt.date == BACKTEST_DATE).all()
