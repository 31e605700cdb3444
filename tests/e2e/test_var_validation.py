"""checked_var stops compilation with one message per bad var, for every kind
var_specs knows: date, text with a pattern, list, number with an exclusive
minimum, integer (the message names the var, what to pass and the value)."""

from __future__ import annotations

import pytest

ORDER_LINES_CSV = (
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price\no1,c1,2024-01-05,p1,1,2\n"
)


@pytest.mark.parametrize(
    ("model", "dbt_vars", "message"),
    [
        pytest.param(
            "base_shop__order_lines",
            {"load_date": "31/12/2024"},
            "var load_date must be a date written YYYY-MM-DD or empty, got '31/12/2024'",
            id="date",
        ),
        pytest.param(
            "base_shop__order_lines",
            {"warehouse_time_zone": "Europe Berlin"},
            "var warehouse_time_zone must be a time zone name such as UTC or"
            " Europe/Berlin, got 'Europe Berlin'",
            id="text-pattern",
        ),
        pytest.param(
            "base_shop__events",
            {"event_types": []},
            "var event_types must be a non-empty list of event types, got '[]'",
            id="list-empty",
        ),
        pytest.param(
            "int_campaign_effects_estimated",
            {"uplift_ci_z": 0},
            "var uplift_ci_z must be a number > 0, got '0'",
            id="number-exclusive-minimum",
        ),
        pytest.param(
            "base_shop__order_lines",
            {"future_tolerance_days": 1.5},
            "var future_tolerance_days must be a whole number >= 0, got '1.5'",
            id="integer",
        ),
    ],
)
def test_bad_var_stops_compilation_with_a_message(
    build_warehouse, raw_dir, model, dbt_vars, message
):
    built = build_warehouse(
        raw_dir({"order_lines.csv": ORDER_LINES_CSV}),
        command=("compile", "--select", model),
        dbt_vars=dbt_vars,
        expect_failure=True,
    )
    assert message in built.result.output
