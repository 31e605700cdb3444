"""Revenue semantics, non-product items, product id case and names, end to end.

A hand-made shop small enough to work out by hand from the data contract:

- c1: o1 sells p1 (2 x 10), postage POST (1 x 5) and p2 (1 x 3) = 28 gross;
  o2 is ``cancelled`` with a positive quantity (never a sale); o3 is a line
  with status ``returned`` and a positive quantity (a return of 3).
  Net 25, returned 3, return_rate 3 / 28, orders with a return 1 of 2.
- c2: o4 sells p1 (1 x 10); o5 is a ``cancelled`` line with a negative
  quantity, a credit note: a return of 10. Net 0, so m_score 1.
- c3: o6 sells p1 and ``P2`` (the export wrote p2's code in upper case).

Baskets: o1 {p1, p2} (POST is a non-product item and never enters), o4 {p1},
o6 {p1, P2}. With ids as they are, (p1, p2) is in one basket only; folded to
upper case, (P1, P2) is in two.
"""

from __future__ import annotations

import pytest

ORDER_LINES_CSV = """\
order_id,customer_id,ordered_at,product_id,quantity,unit_price,status
o1,c1,2024-01-01 10:00:00,p1,2,10.00,completed
o1,c1,2024-01-01 10:00:00,POST,1,5.00,completed
o1,c1,2024-01-01 10:00:00,p2,1,3.00,completed
o2,c1,2024-01-02 10:00:00,p1,1,10.00,cancelled
o3,c1,2024-01-03 10:00:00,p2,1,3.00,returned
o4,c2,2024-01-04 10:00:00,p1,1,10.00,completed
o5,c2,2024-01-04 10:30:00,p1,-1,10.00,cancelled
o6,c3,2024-01-05 10:00:00,p1,1,10.00,completed
o6,c3,2024-01-05 10:00:00,P2,1,3.00,completed
"""

PRODUCTS_CSV = """\
product_id,product_name,category
p1,Ball,toys
p2,Kite,toys
POST,Postage,
"""

SELECTION = (
    "+customer_rfm +products +product_pairs +similar_products +data_quality_report money_currency"
)


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    def write(with_products: bool):
        directory = tmp_path_factory.mktemp("revenue_shop")
        (directory / "order_lines.csv").write_text(ORDER_LINES_CSV)
        if with_products:
            (directory / "products.csv").write_text(PRODUCTS_CSV)
        return directory

    return write


def build(build_warehouse, raw_path, name, **dbt_vars):
    return build_warehouse(
        raw_path,
        # Seeds and models only: the data tests run in the demo build.
        command=("build", "-s", SELECTION, "--resource-type", "seed", "--resource-type", "model"),
        dbt_vars={"min_pair_orders": 1, "similar_products_min_support": 0, **dbt_vars},
        name=name,
    )


@pytest.fixture(scope="module")
def as_is(build_warehouse, shop):
    return build(build_warehouse, shop(True), "revenue_as_is", currency="GBP")


@pytest.fixture(scope="module")
def folded(build_warehouse, shop):
    return build(build_warehouse, shop(True), "revenue_folded", fold_product_id_case=True)


def test_returns_are_netted_whatever_their_status(as_is):
    rows = as_is.df(
        "select customer_id, total_revenue, gross_revenue, returned_revenue, return_rate, "
        "return_order_rate, order_count, avg_order_value, m_score "
        "from main.customer_rfm order by customer_id"
    ).set_index("customer_id")
    c1, c2 = rows.loc["c1"], rows.loc["c2"]
    # The cancelled sale o2 counts nowhere; the returned line o3 is a return.
    assert (c1.total_revenue, c1.gross_revenue, c1.returned_revenue) == (25, 28, 3)
    assert c1.return_rate == pytest.approx(3 / 28)
    assert c1.return_order_rate == pytest.approx(1 / 2)
    assert (c1.order_count, c1.avg_order_value) == (1, 25)
    # The negative cancelled line is a credit note: c2 nets to zero.
    assert (c2.total_revenue, c2.gross_revenue, c2.returned_revenue) == (0, 10, 10)
    assert (c2.return_rate, c2.m_score) == (1, 1)
    assert rows.loc["c3"].return_rate == 0


def test_non_product_item_counts_as_revenue_but_never_in_a_basket(as_is):
    assert as_is.query(
        "select is_non_product_item, non_product_reason, product_name "
        "from main.products where product_id = 'POST'"
    ) == [(True, "postage", "Postage")]
    pairs = as_is.query("select product_a, product_b from main.product_pairs order by all")
    assert pairs == [("P2", "p1"), ("p1", "p2")]
    similar = as_is.query("select product_id, similar_product_id from main.similar_products")
    assert "POST" not in {product for row in similar for product in row}
    kept = as_is.scalar(
        "select reason_rows from main.data_quality_report where reason = 'non_product_item'"
    )
    assert kept == 1


def test_names_on_pairs_and_similar_products(as_is):
    assert as_is.query(
        "select product_a_name, product_b_name from main.product_pairs "
        "where product_a = 'p1' and product_b = 'p2'"
    ) == [("Ball", "Kite")]
    # P2 is not listed as written (ids compared as they are): no name.
    assert as_is.query(
        "select product_name, similar_product_name from main.similar_products "
        "where product_id = 'p1' and similar_product_id = 'P2'"
    ) == [("Ball", None)]


def test_folding_makes_one_product_of_two_cases(folded):
    pairs = folded.query(
        "select product_a, product_b, pair_orders, product_a_name, product_b_name "
        "from main.product_pairs"
    )
    assert pairs == [("P1", "P2", 2, "Ball", "Kite")]
    assert folded.scalar("select count(*) from main.products where product_id = 'P2'") == 1


def test_missing_products_file_gives_null_names(build_warehouse, shop):
    warehouse = build(build_warehouse, shop(False), "revenue_no_products")
    assert warehouse.query("select count(*), count(product_name) from main.products") == [(4, 0)]
    assert warehouse.query(
        "select count(*), count(product_a_name) + count(product_b_name) from main.product_pairs"
    ) == [(2, 0)]
    # Non-product items are still recognised from their ids alone.
    assert warehouse.query(
        "select is_non_product_item from main.products where product_id = 'POST'"
    ) == [(True,)]


def money_comment(warehouse, table: str, column: str) -> str:
    return warehouse.scalar(
        "select comment from duckdb_columns() "
        f"where schema_name = 'main' and table_name = '{table}' and column_name = '{column}'"
    )


def test_currency_is_stated_on_money_columns(as_is, folded):
    assert as_is.query("select currency_code, currency_label from main.money_currency") == [
        ("GBP", "GBP")
    ]
    for column in ("total_revenue", "gross_revenue", "returned_revenue", "avg_order_value"):
        assert "(GBP" in money_comment(as_is, "customer_rfm", column), column
    assert "(GBP)" in money_comment(as_is, "products", "list_price")
    # Unset: "currency units".
    assert folded.query("select currency_code, currency_label from main.money_currency") == [
        (None, "currency units")
    ]
    assert "(currency units)" in money_comment(folded, "customer_rfm", "total_revenue")


def test_currency_must_be_an_iso_code(build_warehouse, shop):
    failed = build_warehouse(
        shop(True),
        command=("compile", "-s", "money_currency"),
        dbt_vars={"currency": "pounds"},
        expect_failure=True,
        name="revenue_bad_currency",
    )
    assert "var currency must be an ISO 4217 code" in failed.result.output
