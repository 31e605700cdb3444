"""Retraining: the same data gives the same segments; 5% more customers keep the ids.

Both rebuild a copy of the demo warehouse in place, so that segment_model finds
the previous run's table, as a scheduled production run would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
#: Same data: the upstream tables in the copy are already those of this data,
#: so only the segment models (and their tests) run again.
REBUILD_SEGMENTS = ("build", "--select", "path:models/marts/segments")
#: New data: everything the segments depend on is rebuilt (tests ran on the demo).
REBUILD_WITH_UPSTREAM = ("run", "--select", "+path:models/marts/segments")
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
        DEMO_DIR, command=REBUILD_SEGMENTS, copy_of=demo_warehouse, name="segments_same"
    )


@pytest.fixture(scope="module")
def rebuilt_grown(demo_warehouse, build_warehouse, tmp_path_factory):
    raw = _with_extra_customers(tmp_path_factory.mktemp("raw_grown") / "raw")
    return build_warehouse(
        raw, command=REBUILD_WITH_UPSTREAM, copy_of=demo_warehouse, name="segments_grown"
    )


def test_two_runs_on_the_same_data_give_identical_customer_segments(demo_warehouse, rebuilt_same):
    sql = f"select {SEGMENT_COLUMNS} from customer_segments order by customer_id"
    first, second = demo_warehouse.df(sql), rebuilt_same.df(sql)
    assert len(first) > 0
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_the_second_run_is_recorded_as_a_perfect_match(demo_warehouse, rebuilt_same):
    runs = rebuilt_same.df("select * from segment_runs order by run_number")
    assert runs["run_number"].tolist() == [1, 2]
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
    assert run["matched_segments"] == run["k"]
    assert run["new_segments"] == run["retired_segments"] == 0
    assert run["previous_adjusted_rand_index"] >= 0.9
