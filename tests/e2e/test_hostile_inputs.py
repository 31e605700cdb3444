"""Hostile but contract-valid (or clearly invalid) inputs: the largest accepted
values, `1_000`-style numbers, a header-only file."""

from __future__ import annotations

import shutil

import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
# The largest magnitude parse_number accepts: decimal(18, 4).
LARGEST = "99999999999999.9999"
HEADER = "order_id,customer_id,ordered_at,product_id,quantity,unit_price,status,channel\n"
QUICK = ("run", "-s", "+int_as_of_date")


@pytest.fixture(scope="module")
def largest_values_warehouse(build_warehouse, tmp_path_factory):
    """The demo data plus lines at the limits of what staging accepts, built whole."""
    directory = tmp_path_factory.mktemp("largest_values")
    for source in DEMO_DIR.glob("*.csv"):
        shutil.copy(source, directory / source.name)
    with open(directory / "order_lines.csv", "a") as order_lines:
        # C000005 was touched by campaign CMP01 on 2024-03-02.
        order_lines.write(f"big1,C000005,2024-03-05 10:00:00,P0244,{LARGEST},{LARGEST},,web\n")
        order_lines.write("big2,C000005,2024-03-06 10:00:00,P0244,100000000,100000000,,web\n")
        order_lines.write(f"big3,C000467,2024-03-06 10:00:00,P0244,-{LARGEST},{LARGEST},,web\n")
    return build_warehouse(directory, name="largest_values")


def test_largest_accepted_values_build_and_keep_their_revenue(largest_values_warehouse):
    clean = largest_values_warehouse.scalar(
        "select count(*) from staging.stg_shop__order_lines where order_id like 'big%'"
    )
    assert clean == 3
    revenue = largest_values_warehouse.scalar(
        "select total_revenue from main.customer_rfm where customer_id = 'C000005'"
    )
    assert revenue > 10**27


def test_underscore_numbers_are_bad_numbers(build_warehouse, raw_dir):
    body = "o1,c1,2024-01-05,p1,1_000,2,,\no2,c1,2024-01-05,p1,1,2_5,,\no3,c1,2024-01-05,p1,1,2,,\n"
    built = build_warehouse(raw_dir({"order_lines.csv": HEADER + body}), command=QUICK)
    rows = built.query(
        "select order_id, reasons from staging.base_shop__order_lines order by source_row_number"
    )
    assert rows == [("o1", ["bad_number"]), ("o2", ["bad_number"]), ("o3", [])]


def test_header_only_order_lines_says_the_input_is_empty(build_warehouse, raw_dir):
    built = build_warehouse(raw_dir({"order_lines.csv": HEADER}), expect_failure=True)
    assert "holds no data rows" in built.result.output
    assert "order_lines.csv" in built.result.output
    assert "not_null" not in built.result.output


def test_many_future_dated_rows_are_quarantined_with_a_warning(build_warehouse, raw_dir):
    """5% of the lines from a source whose clock is seven years ahead: a
    percentile rule lets them all through; the bulk rule does not."""
    lines = [f"o{i},c{i % 9},2024-01-01 10:00:00,p1,1,2," for i in range(1, 191)]
    lines = [
        line.replace("2024-01-01", f"2024-{1 + i % 6:02d}-{1 + i % 28:02d}")
        for i, line in enumerate(lines)
    ]
    lines += [f"f{i},c{i % 9},2031-0{1 + i % 6}-15 10:00:00,p1,1,2," for i in range(10)]
    built = build_warehouse(
        raw_dir({"order_lines.csv": HEADER + "\n".join(f"{line}," for line in lines) + "\n"}),
        command=(
            "build",
            "-s",
            "+data_quality_report",
            "+int_as_of_date",
            "test_data_quality_report__future_timestamp_share",
            "--exclude",
            "resource_type:unit_test",
        ),
    )
    future = built.scalar(
        "select reason_rows from main.data_quality_report "
        "where source_table = 'order_lines' and reason = 'future_timestamp'"
    )
    assert future == 10
    assert str(built.scalar("select as_of_date from intermediate.int_as_of_date")) == "2024-06-29"
    assert "WARN" in built.result.output
    assert "test_data_quality_report__future_timestamp_share" in built.result.output
