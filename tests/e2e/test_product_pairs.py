"""Product pairs, similar products and recommendations on a tiny hand-made shop.

The fixture below is small enough to check by hand (facts asserted directly) and
is also compared with a plain-Python reference of the data contract's basket
rules and pair formulas, written independently of the SQL.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from collections import defaultdict
from itertools import combinations

import duckdb
import pytest

# Baskets (completed lines with quantity > 0 and a product), worked out by hand:
# o1 {p1, p2, p3}  (p1 on two lines counts once)
# o2 {p1, p2}      (the p4 line is a return: negative quantity)
# o3 {p2, p3}      (the p5 line is cancelled)
# o4 {p1, p3}      (guest order: counts for pairs, not for recommendations)
# o5 {p6}          (single product: in the denominator, no pair)
# o9 {p1, p2, p3, p4, p5}   (the largest basket; skipped by max_basket_size 4)
# o10 {p4, p6}     (the line without a product is left out)
# Not baskets: o6 (cancelled), o7 (returned), o8 (negative quantities only),
# o11 (quantity 0). So 7 baskets, 6 of them with at most 4 products.
# Categories of those 6: o1, o3, o4 {books, toys}; o2 {toys}; o10 {games};
# o5 none (p6 is unknown).
ORDER_LINES_CSV = """\
order_id,customer_id,ordered_at,product_id,quantity,unit_price,status
o1,c1,2024-01-01 10:00:00,p1,1,2.00,completed
o1,c1,2024-01-01 10:00:00,p1,3,2.00,completed
o1,c1,2024-01-01 10:00:00,p2,1,5.00,
o1,c1,2024-01-01 10:00:00,p3,1,1.00,completed
o2,c2,2024-01-02 10:00:00,p1,2,2.00,completed
o2,c2,2024-01-02 10:00:00,p2,1,5.00,completed
o2,c2,2024-01-02 10:00:00,p4,-1,3.00,completed
o3,c1,2024-01-03 10:00:00,p2,1,5.00,completed
o3,c1,2024-01-03 10:00:00,p3,1,1.00,completed
o3,c1,2024-01-03 10:00:00,p5,1,1.00,cancelled
o4,,2024-01-04 10:00:00,p1,1,2.00,completed
o4,,2024-01-04 10:00:00,p3,1,1.00,completed
o5,c3,2024-01-05 10:00:00,p6,1,4.00,completed
o6,c3,2024-01-06 10:00:00,p1,1,2.00,cancelled
o6,c3,2024-01-06 10:00:00,p2,1,5.00,cancelled
o7,c4,2024-01-07 10:00:00,p1,1,2.00,returned
o7,c4,2024-01-07 10:00:00,p2,1,5.00,returned
o8,c4,2024-01-08 10:00:00,p4,-2,3.00,completed
o8,c4,2024-01-08 10:00:00,p5,-1,1.00,completed
o9,c5,2024-01-09 10:00:00,p1,1,2.00,completed
o9,c5,2024-01-09 10:00:00,p2,1,5.00,completed
o9,c5,2024-01-09 10:00:00,p3,1,1.00,completed
o9,c5,2024-01-09 10:00:00,p4,1,3.00,completed
o9,c5,2024-01-09 10:00:00,p5,1,1.00,completed
o10,c2,2024-01-10 10:00:00,,1,9.00,completed
o10,c2,2024-01-10 10:00:00,p6,1,4.00,completed
o10,c2,2024-01-10 10:00:00,p4,1,3.00,completed
o11,c6,2024-01-11 10:00:00,p1,0,2.00,completed
"""

# p5 has no category; p6 is not in the products table (an unknown product: it
# still counts for product pairs, not for category pairs).
PRODUCTS_CSV = """\
product_id,product_name,category
p1,Ball,toys
p2,Kite,toys
p3,Atlas,books
p4,Chess,games
p5,Puzzle,
"""

SELECTION = (
    "+product_pairs+ +category_pairs+ +product_pair_runs+ "
    "+similar_products+ +product_recommendations+"
)
# Models and the seeds they read (the non-product list), without the data tests.
BUILD_SELECTION = ("build", "-s", SELECTION, "--resource-type", "seed", "--resource-type", "model")
PAIR_COLUMNS = (
    "product_a, product_b, pair_orders, orders_a, orders_b, support, confidence_a_b, "
    "confidence_b_a, lift, support_a, support_b, leverage, conviction_a_b, conviction_b_a, "
    "jaccard"
)
PAIR_VARS = {
    "min_pair_orders": 2,
    "min_pair_item_share": 0,
    "min_support": 0.3,
    "max_basket_size": 4,
}


# --- reference implementation (plain Python, from DATA_CONTRACT.md) ---------


def reference_lines(text: str) -> list[dict]:
    """Order lines with the contract's defaults applied (empty status = completed)."""
    lines = []
    for row in csv.DictReader(io.StringIO(text)):
        quantity = float(row["quantity"]) if row["quantity"].strip() else 1.0
        lines.append(
            {
                "order_id": row["order_id"].strip(),
                "customer_id": row["customer_id"].strip() or None,
                "product_id": row["product_id"].strip() or None,
                "quantity": quantity,
                "status": (row["status"] or "completed").strip().lower(),
            }
        )
    return lines


def is_basket_line(line: dict) -> bool:
    """A completed line of a product with positive quantity."""
    return line["status"] == "completed" and line["quantity"] > 0 and line["product_id"]


def reference_baskets(lines: list[dict], max_basket_size: int | None = None) -> dict:
    """``{order_id: set of products}``, without baskets above ``max_basket_size``."""
    baskets: dict[str, set[str]] = defaultdict(set)
    for line in filter(is_basket_line, lines):
        baskets[line["order_id"]].add(line["product_id"])
    return {
        order: products
        for order, products in baskets.items()
        if max_basket_size is None or len(products) <= max_basket_size
    }


def reference_category_baskets(baskets: dict, products_csv: str) -> dict:
    """``{order_id: set of categories}``; every basket stays (the denominator)."""
    categories = {
        row["product_id"]: row["category"].strip()
        for row in csv.DictReader(io.StringIO(products_csv))
        if row["category"].strip()
    }
    return {
        order: {categories[product] for product in products if product in categories}
        for order, products in baskets.items()
    }


def reference_pairs(baskets: dict, min_pair_orders: int = 2, min_support: float = 0.0) -> dict:
    """``{(a, b): metrics}`` by brute force over every basket, no pruning."""
    basket_count = len(baskets)
    item_orders: dict[str, int] = defaultdict(int)
    pair_orders: dict[tuple[str, str], int] = defaultdict(int)
    for products in baskets.values():
        for product in products:
            item_orders[product] += 1
        for pair in combinations(sorted(products), 2):
            pair_orders[pair] += 1
    pairs = {}
    for (a, b), n_ab in pair_orders.items():
        support = n_ab / basket_count
        if n_ab < min_pair_orders or support < min_support:
            continue
        n_a, n_b = item_orders[a], item_orders[b]
        s_a, s_b = n_a / basket_count, n_b / basket_count
        conf_ab, conf_ba = n_ab / n_a, n_ab / n_b
        pairs[(a, b)] = {
            "pair_orders": n_ab,
            "orders_a": n_a,
            "orders_b": n_b,
            "support": support,
            "confidence_a_b": conf_ab,
            "confidence_b_a": conf_ba,
            "lift": support / (s_a * s_b),
            "support_a": s_a,
            "support_b": s_b,
            "leverage": support - s_a * s_b,
            "conviction_a_b": None if n_ab == n_a else (1 - s_b) / (1 - conf_ab),
            "conviction_b_a": None if n_ab == n_b else (1 - s_a) / (1 - conf_ba),
            "jaccard": n_ab / (n_a + n_b - n_ab),
        }
    return pairs


# --- warehouses --------------------------------------------------------------


@pytest.fixture(scope="module")
def shop_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("pairs_shop")
    (directory / "order_lines.csv").write_text(ORDER_LINES_CSV)
    (directory / "products.csv").write_text(PRODUCTS_CSV)
    return directory


@pytest.fixture(scope="module")
def pruned(build_warehouse, shop_dir):
    """Built with PAIR_VARS: o9 skipped, p4 and p5 pruned before the self-join."""
    return build_warehouse(
        shop_dir, command=BUILD_SELECTION, dbt_vars=PAIR_VARS, name="pairs_pruned"
    )


@pytest.fixture(scope="module")
def unpruned(build_warehouse, shop_dir):
    """Same vars, naive self-join (var pair_pruning false)."""
    return build_warehouse(
        shop_dir,
        command=BUILD_SELECTION,
        dbt_vars={**PAIR_VARS, "pair_pruning": False},
        name="pairs_unpruned",
    )


def pairs_of(warehouse, level: str = "product") -> dict:
    columns = PAIR_COLUMNS.replace("product_", f"{level}_")
    rows = warehouse.df(f"select {columns} from main.{level}_pairs")
    rows = rows.astype(object).where(rows.notna(), None)
    return {(row.pop(f"{level}_a"), row.pop(f"{level}_b")): row for row in rows.to_dict("records")}


def assert_pairs_equal(actual: dict, expected: dict) -> None:
    assert sorted(actual) == sorted(expected)
    for pair, metrics in expected.items():
        for column, value in metrics.items():
            if value is None:
                assert actual[pair][column] is None, (pair, column)
            else:
                assert actual[pair][column] == pytest.approx(value, rel=1e-12, abs=1e-12), (
                    pair,
                    column,
                )


def expected_pairs(level: str = "product") -> dict:
    lines = reference_lines(ORDER_LINES_CSV)
    baskets = reference_baskets(lines, max_basket_size=PAIR_VARS["max_basket_size"])
    if level == "category":
        baskets = reference_category_baskets(baskets, PRODUCTS_CSV)
    return reference_pairs(
        baskets,
        min_pair_orders=PAIR_VARS["min_pair_orders"],
        min_support=PAIR_VARS["min_support"],
    )


# --- tests -----------------------------------------------------------------


def test_baskets_follow_the_contract(pruned):
    run = pruned.df("select * from main.product_pair_runs").iloc[0]
    assert run["total_basket_count"] == 7
    assert run["largest_basket_size"] == 5
    item_orders = dict(
        pruned.query(
            "select item_id, item_orders from intermediate.int_item_orders_counted "
            "where item_level = 'product'"
        )
    )
    # Without o9: p1 in o1 (two lines), o2, o4; p4 only in o10 (its return in o2
    # does not count); p5 nowhere (cancelled in o3, negative in o8); p6 in o5
    # (single product) and o10.
    assert item_orders == {"p1": 3, "p2": 3, "p3": 3, "p4": 1, "p6": 2}


def test_single_product_basket_counts_in_the_denominator(pruned):
    # o1, o2, o3, o4, o5 (p6 alone) and o10: 6 baskets; support of (p1, p2) = 2 / 6.
    assert pruned.scalar("select basket_count from main.product_pair_runs") == 6
    assert pruned.scalar(
        "select support from main.product_pairs where product_a = 'p1' and product_b = 'p2'"
    ) == pytest.approx(2 / 6)


def test_max_basket_size_skips_large_baskets_and_reports_it(pruned):
    run = pruned.df("select * from main.product_pair_runs").iloc[0]
    assert (run["max_basket_size"], run["skipped_basket_count"]) == (4, 1)
    # With o9 counted, (p1, p2) would be in 3 baskets.
    assert (
        pruned.scalar(
            "select pair_orders from main.product_pairs where product_a = 'p1' and product_b = 'p2'"
        )
        == 2
    )


def test_pairs_match_reference(pruned):
    expected = expected_pairs()
    assert sorted(expected) == [("p1", "p2"), ("p1", "p3"), ("p2", "p3")]
    assert_pairs_equal(pairs_of(pruned), expected)


def test_pruning_changes_nothing(pruned, unpruned):
    run = pruned.df("select * from main.product_pair_runs").iloc[0]
    # The thresholds really prune: p4 (1 basket) never reaches the self-join.
    assert (run["candidate_product_count"], run["product_count"]) == (4, 5)
    assert unpruned.scalar("select is_pruned from main.product_pair_runs") is False
    assert pairs_of(unpruned) == pairs_of(pruned)
    for table in ["product_recommendations", "similar_products", "category_pairs"]:
        sql = f"select * from main.{table} order by all"
        assert unpruned.query(sql) == pruned.query(sql), table


# Customers' products (all purchase lines; max_basket_size only concerns pairs):
# c1 {p1, p2, p3}, c2 {p1, p2, p4, p6}, c3 {p6}, c5 {p1, p2, p3, p4, p5}.
# Buyers n: p1 3, p2 3, p3 2, p4 2, p6 2, p5 1. Cosine n_ij / sqrt(n_i n_j),
# every partner a neighbour (at most 5 < recommendation_neighbours).
R6, R3, R2 = 1 / math.sqrt(6), 1 / math.sqrt(3), 1 / math.sqrt(2)
EXPECTED_RECOMMENDATIONS = {
    # p4: p1 2/sqrt(6) + p2 2/sqrt(6) + p3 1/sqrt(4); p5: p1, p2 1/sqrt(3) +
    # p3 1/sqrt(2); p6: p1, p2 1/sqrt(6).
    "c1": [
        ("p4", "item_cf", 4 * R6 + 0.5),
        ("p5", "item_cf", 2 * R3 + R2),
        ("p6", "item_cf", 2 * R6),
    ],
    "c2": [("p3", "item_cf", 4 * R6 + 0.5), ("p5", "item_cf", 2 * R3 + R2)],
    # One product with three neighbours; the list is filled by popularity
    # (p3 before p5: two buyers against one).
    "c3": [
        ("p4", "item_cf", 0.5),
        ("p1", "item_cf", R6),
        ("p2", "item_cf", R6),
        ("p3", "popularity", None),
        ("p5", "popularity", None),
    ],
    "c5": [("p6", "item_cf", 2 * R6 + 0.5)],
}


def test_recommendations_by_hand(pruned):
    rows = pruned.query(
        "select customer_id, recommendation_rank, product_id, recommendation_source, score "
        "from main.product_recommendations order by customer_id, recommendation_rank"
    )
    actual: dict[str, list] = defaultdict(list)
    for customer, rank, product, source, score in rows:
        assert rank == len(actual[customer]) + 1
        actual[customer].append((product, source, None if score is None else float(score)))
    assert set(actual) == set(EXPECTED_RECOMMENDATIONS)  # guests and c4 (returns only): none
    for customer, expected in EXPECTED_RECOMMENDATIONS.items():
        assert [row[:2] for row in actual[customer]] == [row[:2] for row in expected], customer
        for (_, _, got), (_, _, wanted) in zip(actual[customer], expected, strict=True):
            assert got == (None if wanted is None else pytest.approx(wanted, abs=1e-9))


RECOMMENDATIONS_TEST = "test_product_recommendations__unbought_unique_and_ranked"


@pytest.fixture(scope="module")
def recommendations_test_sql(build_warehouse, pruned, shop_dir):
    """Factory: the singular test's SQL as dbt compiles it for ``dbt_vars`` added
    to PAIR_VARS (one `dbt compile` per set of vars). dbt fails the test when
    this SQL returns a row, so running it on a changed copy of the warehouse
    tells whether `dbt test` would fail there."""
    compiled: dict[str, str] = {}

    def sql(dbt_vars: dict) -> str:
        key = json.dumps(dbt_vars, sort_keys=True)
        if key not in compiled:
            result = build_warehouse(
                shop_dir,
                command=("compile", "--select", RECOMMENDATIONS_TEST),
                dbt_vars={**PAIR_VARS, **dbt_vars},
                copy_of=pruned,
                name="recommendations_compiled",
            ).result
            (path,) = result.target_path.glob(f"compiled/**/{RECOMMENDATIONS_TEST}.sql")
            compiled[key] = path.read_text()
        return compiled[key]

    return sql


def test_recommendation_test_passes_under_dbt(build_warehouse, pruned, shop_dir):
    checked = build_warehouse(
        shop_dir,
        command=("test", "--select", RECOMMENDATIONS_TEST),
        dbt_vars=PAIR_VARS,
        copy_of=pruned,
        name="recommendations_checked",
    )
    assert f"PASS {RECOMMENDATIONS_TEST}" in checked.result.output


# c2's list is p3, p5 (item_cf); c3's ends with two popularity rows (ranks 4, 5).
@pytest.mark.parametrize(
    ("added_rows", "dbt_vars"),
    [
        pytest.param([], {}, id="untouched"),
        pytest.param([("c2", 3, "p1", 0.5, "item_cf")], {}, id="already_bought"),
        pytest.param([("c2", 3, "p3", 0.5, "item_cf")], {}, id="product_twice"),
        pytest.param([("c2", 3, "p9", 5.0, "item_cf")], {}, id="score_rises"),
        pytest.param([("c2", 4, "p9", 0.5, "item_cf")], {}, id="rank_gap"),
        pytest.param([("c2", 1, "p9", 0.5, "item_cf")], {}, id="rank_twice"),
        pytest.param([("c3", 6, "p9", 0.1, "item_cf")], {}, id="item_cf_after_popularity"),
        pytest.param(
            [("c3", 6, "p9", None, "popularity")],
            {"recommendations_per_customer": 5},
            id="too_many",
        ),
    ],
)
def test_recommendation_test_fails_on_broken_recommendations(
    recommendations_test_sql, pruned, tmp_path, added_rows, dbt_vars
):
    """The singular test is not vacuous: each kind of bad row makes it fail."""
    sql = recommendations_test_sql(dbt_vars)
    db_path = tmp_path / pruned.db_path.name  # same file name: same catalog name
    shutil.copy(pruned.db_path, db_path)
    with duckdb.connect(str(db_path)) as connection:
        if added_rows:
            values = ", ".join(
                f"('{customer}', {rank}, '{product}', "
                f"{'null' if score is None else score}, '{source}')"
                for customer, rank, product, score, source in added_rows
            )
            connection.execute(
                "insert into main.product_recommendations by name select * from (values "
                f"{values}) as added(customer_id, recommendation_rank, product_id, score, "
                "recommendation_source)"
            )
        failures = connection.execute(f"select count(*) from ({sql}) as failures").fetchone()[0]
    assert (failures > 0) == bool(added_rows), failures


def test_similar_products_rank_by_lift_then_product_id(pruned):
    rows = pruned.query(
        "select similar_product_id, similar_rank, lift from main.similar_products "
        "where product_id = 'p1' order by similar_rank"
    )
    # Equal lift (2/6) / (3/6 * 3/6) and equal pair_orders: p2 before p3.
    assert rows == [("p2", 1, pytest.approx(4 / 3)), ("p3", 2, pytest.approx(4 / 3))]


def test_category_pairs_match_reference(pruned):
    expected = expected_pairs("category")
    # By hand: books and toys together in o1, o3, o4 (support 3 / 6); games
    # alone; products without a category (p5) or unknown (p6) are left out.
    assert sorted(expected) == [("books", "toys")]
    assert expected[("books", "toys")]["orders_b"] == 4
    assert_pairs_equal(pairs_of(pruned, "category"), expected)
    assert pruned.scalar("select category_count from main.product_pair_runs") == 3


def test_bad_pair_var_is_rejected(build_warehouse, shop_dir):
    built = build_warehouse(
        shop_dir,
        command=("compile", "-s", "product_pair_runs"),
        dbt_vars={"max_basket_size": "big"},
        expect_failure=True,
    )
    assert "var max_basket_size must be a whole number >= 2 or null" in built.result.output
