"""Segments on a raw directory without any customer, and a bad var.

(Raw data without events is covered on the real Online Retail data in
test_segments.py.)
"""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("dbt_vars", "message"),
    [
        pytest.param(
            {"segment_features": ["recency_days", "order_cuont"]},
            "var segment_features names unknown column(s) 'order_cuont'; allowed"
            " (numeric columns of customer_features): add_to_cart_count, app_spend_share,",
            id="unknown-feature",
        ),
        pytest.param(
            {"segment_k": 51},
            "var segment_k must be a whole number from 2 to 50 or 0 (choose"
            " automatically), got '51'",
            id="k-too-large",
        ),
        pytest.param(
            {"segment_k_min": 1},
            "var segment_k_min must be a whole number from 2 to 50, got '1'",
            id="k-min-too-small",
        ),
        pytest.param(
            {"segment_k_min": 9},
            "vars segment_k_min and segment_k_max must satisfy segment_k_min <="
            " segment_k_max, got 9 and 8",
            id="k-range-reversed",
        ),
        pytest.param(
            {"segment_algorithm": "kmedoids"},
            "var segment_algorithm must be one of kmeans, minibatch_kmeans,"
            " gaussian_mixture, agglomerative, dbscan, got 'kmedoids'",
            id="unknown-algorithm",
        ),
        pytest.param(
            {"segment_scaler": "minmax"},
            "var segment_scaler must be one of standard, robust, got 'minmax'",
            id="unknown-scaler",
        ),
    ],
)
def test_bad_segment_vars_fail_before_any_model_runs(build_warehouse, raw_dir, dbt_vars, message):
    warehouse = build_warehouse(
        raw_dir({"order_lines.csv": GUEST_ORDERS}),
        command=("build", "--select", "stg_shop__order_lines"),
        dbt_vars=dbt_vars,
        expect_failure=True,
    )
    output = warehouse.result.output
    assert message in output
    assert "START sql" not in output  # the on-run-start hook stopped the run


def _order_lines_only() -> str:
    """24 customers, 1 to 6 orders each of varying size, over two months."""
    rows = ["order_id,customer_id,ordered_at,product_id,quantity,unit_price"]
    for customer in range(24):
        for order in range(1 + customer % 6):
            day = 1 + (customer * 7 + order * 5) % 28
            month = 1 + order % 2
            quantity = 1 + (customer * 3 + order) % 9
            rows.append(
                f"o{customer}-{order},c{customer},2024-0{month}-{day:02d},p1,{quantity},4.5"
            )
    return "\n".join(rows) + "\n"


def test_order_lines_only_leave_browsing_features_out_of_the_fit(build_warehouse, raw_dir):
    warehouse = build_warehouse(raw_dir({"order_lines.csv": _order_lines_only()}), command=SEGMENTS)
    dropped = warehouse.scalar("select dropped_features from segment_runs")
    assert dropped == "session_count: no value; view_to_purchase_rate: no value"
    shown = warehouse.query(
        "select feature, count(*) from segment_centroids group by feature order by feature"
    )
    assert [feature for feature, _ in shown] == [
        "avg_order_value",
        "order_count",
        "recency_days",
        "total_revenue",
    ]
    assert warehouse.scalar("select count(mean_session_count) from segment_profiles") == 0
    assert warehouse.scalar("select count(*) from customer_segments") == 24
