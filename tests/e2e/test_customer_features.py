"""customer_rfm / customer_features end to end: point-in-time runs and NULL rules.

- A run with ``as_of`` set to an earlier date gives exactly the tables of a
  run on the same data truncated at that date (order lines and events after
  it removed; the as-of day itself kept, since purchases on the as-of date
  count). Both runs pin the same ``as_of``: by default it would be the day
  after the last order, i.e. a different date.
- A run on nothing but ``order_lines`` gives every order-based feature (values
  worked out by hand below) and NULL behavioural and customer-table ones.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
AS_OF = "2024-03-31"
# Cautious: leave out tests of later models (e.g. customer_segments) that
# also read customer_features.
CUSTOMER_MODELS = (
    "build",
    "-s",
    "+customer_features",
    "+customer_rfm",
    "--indirect-selection",
    "cautious",
)
TABLE_TIMESTAMPS = {"order_lines": "ordered_at", "events": "occurred_at"}
BEHAVIOURAL = [
    "session_count",
    "product_view_count",
    "search_count",
    "distinct_search_terms",
    "add_to_cart_count",
    "checkout_count",
    "cart_abandonment_rate",
    "view_to_purchase_rate",
    "search_to_purchase_rate",
    "days_since_last_visit",
]


def truncate_raw_dir(source: Path, target: Path, as_of: str) -> None:
    """Copy a raw directory, dropping order lines and events after ``as_of``.

    Rows whose timestamp does not parse are kept (staging quarantines them
    either way); the timestamp is parsed as staging does (trim, try_cast).
    """
    target.mkdir()
    with duckdb.connect() as connection:
        for path in sorted(source.glob("*.csv")):
            column = TABLE_TIMESTAMPS.get(path.stem)
            if column is None:
                (target / path.name).write_bytes(path.read_bytes())
                continue
            parsed = f"try_cast(trim({column}) as timestamp)"
            connection.execute(
                f"""
                copy (
                    select * from read_csv('{path}', all_varchar = true, header = true)
                    where {parsed} is null or cast({parsed} as date) <= date '{as_of}'
                ) to '{target / path.name}' (header, delimiter ',')
                """
            )


def sorted_table(warehouse, table: str) -> pd.DataFrame:
    return warehouse.df(f"select * from {table} order by customer_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def full_data_at_as_of(build_warehouse):
    return build_warehouse(DEMO_DIR, dbt_vars={"as_of": AS_OF}, command=CUSTOMER_MODELS)


@pytest.fixture(scope="module")
def truncated_data(build_warehouse, tmp_path_factory):
    directory = tmp_path_factory.mktemp("truncated") / "raw"
    truncate_raw_dir(DEMO_DIR, directory, AS_OF)
    return build_warehouse(directory, dbt_vars={"as_of": AS_OF}, command=CUSTOMER_MODELS)


@pytest.mark.parametrize("table", ["customer_rfm", "customer_features"])
def test_as_of_run_equals_run_on_truncated_data(full_data_at_as_of, truncated_data, table):
    full = sorted_table(full_data_at_as_of, table)
    truncated = sorted_table(truncated_data, table)
    # Not vacuous: the full data goes on well past the as-of date.
    later_orders = full_data_at_as_of.scalar(
        f"select count(*) from staging.stg_shop__order_lines where ordered_date > '{AS_OF}'"
    )
    assert later_orders > 1000
    assert len(full) > 500
    pd.testing.assert_frame_equal(full, truncated, check_exact=False, rtol=1e-12)


def test_as_of_cuts_off_later_purchases(full_data_at_as_of):
    assert (
        str(full_data_at_as_of.scalar("select max(last_order_at) from customer_rfm"))[:10] <= AS_OF
    )
    assert full_data_at_as_of.scalar("select min(recency_days) from customer_rfm") >= 0


ORDER_LINES_CSV = (
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price,status,channel\n"
    "o1,c1,2024-01-01 10:00:00,p1,2,5.00,completed,web\n"
    "o1,c1,2024-01-01 10:00:00,p2,1,3.00,completed,web\n"
    "o2,c1,2024-01-05 19:30:00,p1,1,5.00,completed,app\n"
    "o3,c1,2024-01-05 20:00:00,p3,1,2.00,returned,app\n"
    "o4,c2,2024-01-03,p2,4,3.00,completed,store\n"
    "o5,c2,2024-01-04 09:00:00,p1,1,5.00,cancelled,store\n"
    "o6,,2024-01-06 12:00:00,p1,1,5.00,completed,web\n"
)

# Worked out by hand from ORDER_LINES_CSV (as-of date: the day after the last
# order, 2024-01-07). c1: purchase days 01-01 (13.00) and 01-05 (5.00), order
# o3 only returns 2.00; c2: one date-only order of 12.00 (o5 is cancelled).
# Scores with n = 2: the better customer has w = 1, so 1 + floor(5 / 2) = 3.
EXPECTED_ONLY_ORDER_LINES = {
    "c1": {
        "order_count": 2,
        "total_revenue": 16.0,
        "avg_order_value": 8.0,
        "recency_days": 2,
        "rfm_cell": "333",
        "rfm_segment": "Need Attention",
        "frequency": 1.0,
        "recency": 4.0,
        "t": 6.0,
        "monetary_value": 5.0,
        "tenure_days": 6,
        "mean_days_between_orders": 4.0,
        "sd_days_between_orders": None,
        "avg_basket_items": 2.0,
        "avg_basket_products": 1.5,
        "return_rate": 2 / 18,
        "web_spend_share": 13 / 18,
        "app_spend_share": 5 / 18,
        "store_spend_share": 0.0,
        "preferred_weekday": 1,
        "preferred_hour_band": "morning",
    },
    "c2": {
        "order_count": 1,
        "total_revenue": 12.0,
        "avg_order_value": 12.0,
        "recency_days": 4,
        "rfm_cell": "111",
        "rfm_segment": "Lost",
        "frequency": 0.0,
        "recency": 0.0,
        "t": 4.0,
        "monetary_value": 0.0,
        "tenure_days": 4,
        "mean_days_between_orders": None,
        "sd_days_between_orders": None,
        "avg_basket_items": 4.0,
        "avg_basket_products": 1.0,
        "return_rate": 0.0,
        "web_spend_share": 0.0,
        "app_spend_share": 0.0,
        "store_spend_share": 1.0,
        "preferred_weekday": 3,
        "preferred_hour_band": None,
    },
}


@pytest.fixture(scope="module")
def only_order_lines(build_warehouse, tmp_path_factory):
    directory = tmp_path_factory.mktemp("customer_order_lines_only")
    (directory / "order_lines.csv").write_text(ORDER_LINES_CSV)
    return build_warehouse(directory, command=CUSTOMER_MODELS, name="customers_only_lines")


def test_only_order_lines_gives_order_features(only_order_lines):
    features = only_order_lines.df(
        "select * exclude (total_revenue, avg_order_value), "
        "cast(total_revenue as double) as total_revenue, "
        "cast(avg_order_value as double) as avg_order_value "
        "from customer_features order by customer_id"
    ).set_index("customer_id")
    assert list(features.index) == ["c1", "c2"]
    for customer, expected in EXPECTED_ONLY_ORDER_LINES.items():
        for column, value in expected.items():
            actual = features.loc[customer, column]
            if value is None:
                assert pd.isna(actual), (customer, column, actual)
            elif isinstance(value, float):
                assert actual == pytest.approx(value, abs=1e-12), (customer, column)
            else:
                assert actual == value, (customer, column, actual)


@pytest.mark.parametrize(
    "column",
    [
        *BEHAVIOURAL,
        "age_band",
        "country",
        "days_since_signup",
        "distinct_categories",
        "top_category",
        "top_category_spend_share",
    ],
)
def test_only_order_lines_gives_null_features(only_order_lines, column):
    values = only_order_lines.query(f"select {column} from customer_features")
    assert values == [(None,), (None,)]


def test_demo_behavioural_features_are_filled(full_data_at_as_of):
    nulls = full_data_at_as_of.query(
        "select "
        + ", ".join(f"count(*) - count({column})" for column in BEHAVIOURAL[:6])
        + " from customer_features"
    )[0]
    assert nulls == (0,) * 6
