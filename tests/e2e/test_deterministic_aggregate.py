"""Floating-point aggregates give the same bits whatever the thread count.

A plain parallel `avg`/`stddev_samp` over doubles merges per-thread partial
results in whatever order the threads finish, so the last bits change from run
to run. At 10M order lines that made sd_days_between_orders, segment_profiles'
means, the campaign effects and (through the features) every propensity
probability differ between two builds of the same input. The
`deterministic_aggregate` macro must not: its result at 1 and 4 DuckDB threads
is compared bit for bit on 3M rows read from a Parquet file of 30 row groups
(DuckDB splits a scan by row group, so 4 threads share it).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

ROWS = 3_000_000
GROUPS = 200
AGGREGATES = ("avg", "stddev_samp", "var_samp")


def _query(parquet: Path) -> str:
    columns = []
    for function in AGGREGATES:
        columns.append(f"{function}(x) as plain_{function}")
        columns.append(
            f"{{{{ deterministic_aggregate('{function}', 'x') }}}} as ordered_{function}"
        )
    return (
        f"select group_id, {', '.join(columns)} "
        f"from read_parquet('{parquet}') group by group_id order by group_id"
    )


def _write_rows(path: Path) -> Path:
    # x: doubles that are not whole numbers, from a hash (no random()).
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select i % {GROUPS} as group_id, "
            "cast(hash(i) % 1000003 as double) / 7 as x "
            f"from range({ROWS}) as numbers(i)) to '{path}' "
            f"(format parquet, row_group_size {ROWS // 30})"
        )
    return path


@pytest.fixture(scope="module")
def by_threads(show_rows, tmp_path_factory) -> dict[int, list[dict]]:
    parquet = _write_rows(tmp_path_factory.mktemp("aggregate_rows") / "rows.parquet")
    return {
        threads: show_rows(
            _query(parquet),
            env={"SEGMENTS_DUCKDB_THREADS": str(threads)},
            name=f"aggregate_threads_{threads}",
            limit=GROUPS,
        )
        for threads in (1, 4)
    }


@pytest.mark.parametrize("function", [pytest.param(f, id=f) for f in AGGREGATES])
def test_same_bits_at_one_and_four_threads(by_threads, function):
    one, four = by_threads[1], by_threads[4]
    assert len(one) == len(four) == GROUPS
    column = f"ordered_{function}"
    assert [row[column] for row in one] == [row[column] for row in four]


def test_the_rows_are_split_between_threads(by_threads):
    """Calibration: without the macro the figures do differ, so the test above
    compares a split scan (if this fails, make ROWS larger)."""
    one, four = by_threads[1], by_threads[4]
    plain = [f"plain_{function}" for function in AGGREGATES]
    assert any(row_1[c] != row_4[c] for row_1, row_4 in zip(one, four, strict=True) for c in plain)


def test_same_figures_as_the_plain_aggregate(by_threads):
    """Ordering changes only the summation order: equal to 1e-9 relative."""
    for row in by_threads[4]:
        for function in AGGREGATES:
            assert row[f"ordered_{function}"] == pytest.approx(row[f"plain_{function}"], rel=1e-9)
