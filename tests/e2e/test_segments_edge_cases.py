"""Segments on a raw directory without any customer, and a bad var.

(Raw data without events is covered on the real Online Retail data in
test_segments.py.)
"""

from __future__ import annotations

#: The segment models and everything upstream, plus the segments' singular
#: tests (not every upstream test and unit test: those run on the demo build).
SEGMENTS = (
    "build",
    "--select",
    "+path:models/marts/segments",
    "path:tests/dbt/marts/segments",
    "--indirect-selection",
    "empty",
)
GUEST_ORDERS = (
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price\no1,,2024-01-05,p1,1,2\n"
)


def test_only_guest_orders_give_empty_segment_tables(build_warehouse, raw_dir):
    warehouse = build_warehouse(raw_dir({"order_lines.csv": GUEST_ORDERS}), command=SEGMENTS)
    for table in ("customer_segments", "segment_profiles", "segment_centroids"):
        assert warehouse.scalar(f"select count(*) from {table}") == 0, table
    assert warehouse.query("select run_number, k, sample_size from segment_runs") == [(1, 0, 0)]


def test_bad_feature_var_stops_compilation_with_a_message(build_warehouse, raw_dir):
    warehouse = build_warehouse(
        raw_dir({"order_lines.csv": GUEST_ORDERS}),
        command=("compile", "--select", "segment_training_sample"),
        dbt_vars={"segment_features": ["order_count", "order_count"]},
        expect_failure=True,
    )
    assert "segment_features must be a non-empty list of distinct" in warehouse.result.output
