"""The recommendation backtest uses nothing after its cut-off.

The demo is built twice with the same as-of date: once on all order lines and
once on only the rows whose clean date is on or before the backtest cut-off
(every other raw row removed from the file). Whatever the backtest recommends
as of the cut-off must be the same in both builds: a purchase after the
cut-off leaking into it would show up as a difference.
"""

from __future__ import annotations

import shutil

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
SELECTION = ("+recommendation_evaluation", "+product_recommendations")
BUILD = ("build", "-s", *SELECTION, "--resource-type", "seed", "--resource-type", "model")
BACKTEST_SQL = {
    "lists": "select * from intermediate.int_recommendation_backtest_lists order by all",
    "combined": (
        "select * from intermediate.int_recommendations_combined "
        "where as_of_date = (select as_of_date from intermediate.int_as_of_dates "
        "where date_role = 'recommendation_backtest') order by all"
    ),
}


@pytest.fixture(scope="module")
def full_build(build_warehouse):
    return build_warehouse(DEMO_DIR, command=BUILD, name="backtest_full")


@pytest.fixture(scope="module")
def dates(full_build) -> dict:
    return dict(full_build.query("select date_role, as_of_date from intermediate.int_as_of_dates"))


@pytest.fixture(scope="module")
def cut_build(build_warehouse, full_build, dates, tmp_path_factory):
    """The demo's order lines up to the cut-off only, same as-of date."""
    later_rows = {
        row
        for (row,) in full_build.query(
            "select source_row_number from staging.stg_shop__order_lines where ordered_date > ?",
            [dates["recommendation_backtest"]],
        )
    }
    assert len(later_rows) > 100  # the cut removes a real month of data
    raw = tmp_path_factory.mktemp("backtest_cut_raw")
    for table in ("products", "customers"):
        shutil.copy(DEMO_DIR / f"{table}.csv", raw / f"{table}.csv")
    lines = (DEMO_DIR / "order_lines.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # One record per line in the demo file: data row n is line n + 1.
    kept = [line for number, line in enumerate(lines) if number not in later_rows]
    (raw / "order_lines.csv").write_text("".join(kept), encoding="utf-8")
    return build_warehouse(
        raw,
        command=BUILD,
        dbt_vars={"as_of": str(dates["publication"])},
        name="backtest_cut",
    )


def test_backtest_dates_are_the_same_in_both_builds(full_build, cut_build, dates):
    cut_dates = dict(
        cut_build.query("select date_role, as_of_date from intermediate.int_as_of_dates")
    )
    assert cut_dates == dates


@pytest.mark.parametrize("relation", sorted(BACKTEST_SQL))
def test_backtest_recommendations_ignore_later_purchases(full_build, cut_build, relation):
    full = full_build.query(BACKTEST_SQL[relation])
    assert len(full) > 1000
    assert cut_build.query(BACKTEST_SQL[relation]) == full


def test_later_purchases_do_change_the_published_lists(full_build, cut_build):
    """Not vacuous: the removed rows matter to the publication date's lists."""
    sql = "select * from main.product_recommendations order by all"
    assert full_build.query(sql) != cut_build.query(sql)
