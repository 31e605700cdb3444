"""segwarehouse.item_similarity: cosine neighbours and item-CF per as-of date.

Expected values are worked out by hand from the docs block
recommendation_score; a brute-force reference checks random inputs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

import pandas as pd
import pytest

from segwarehouse.item_similarity import cosine_neighbours, item_cf_recommendations
from segwarehouse.recommendations import similarity_params_from_config

# c1 {p1, p2}, c2 {p1, p2, p3}, c3 {p1}, c4 {p3, p4} (c4 bought p3 twice).
# n: p1 3, p2 2, p3 2, p4 1. Co-buyers: p1-p2 2, p1-p3 1, p2-p3 1, p3-p4 1.
BOUGHT = [
    ("c1", "p1"),
    ("c1", "p2"),
    ("c2", "p1"),
    ("c2", "p2"),
    ("c2", "p3"),
    ("c3", "p1"),
    ("c4", "p3"),
    ("c4", "p3"),
    ("c4", "p4"),
]


def bought(rows):
    return pd.DataFrame(rows, columns=["customer_id", "product_id"])


def neighbour_rows(table):
    return [
        (row["antecedent_id"], row["consequent_id"], row["co_customers"], row["similarity"])
        for row in table.to_pylist()
    ]


def test_cosine_by_hand():
    rows = neighbour_rows(cosine_neighbours(bought(BOUGHT), neighbours=None))
    cos = {
        ("p1", "p2"): 2 / math.sqrt(3 * 2),
        ("p1", "p3"): 1 / math.sqrt(3 * 2),
        ("p2", "p3"): 1 / math.sqrt(2 * 2),
        ("p3", "p4"): 1 / math.sqrt(2 * 1),
    }
    expected = []
    for product in ["p1", "p2", "p3", "p4"]:
        partners = [
            (b if a == product else a, value) for (a, b), value in cos.items() if product in (a, b)
        ]
        for partner, value in sorted(partners, key=lambda item: (-item[1], item[0])):
            pair = tuple(sorted((product, partner)))
            count = {("p1", "p2"): 2}.get(pair, 1)
            expected.append((product, partner, count, pytest.approx(value, abs=1e-12)))
    assert rows == expected
    # p3's best partner is p4 (1/sqrt(2)), not the best-seller p1 (1/sqrt(6)).
    assert rows[4][:2] == ("p3", "p4")


def test_shrinkage_damps_rare_pairs_and_neighbours_cut():
    rows = neighbour_rows(cosine_neighbours(bought(BOUGHT), neighbours=1, shrinkage=1.0))
    # p3: p4 1 / (sqrt(2) + 1) = 0.414, p2 1 / (2 + 1) = 0.333, p1
    # 1 / (sqrt(6) + 1) = 0.290: one neighbour each, p4 first.
    assert [(a, b) for a, b, _, _ in rows] == [
        ("p1", "p2"),
        ("p2", "p1"),
        ("p3", "p4"),
        ("p4", "p3"),
    ]
    assert rows[0][3] == pytest.approx(2 / (math.sqrt(6) + 1), abs=1e-12)
    # Shrinkage 10: p2 keeps p1 (2 / (sqrt(6) + 10) = 0.161, two co-buyers)
    # over p3 (1 / (2 + 10) = 0.083).
    shrunk = neighbour_rows(cosine_neighbours(bought(BOUGHT), neighbours=1, shrinkage=10.0))
    assert shrunk[1][:2] == ("p2", "p1")


def test_ties_go_to_the_smaller_partner_and_input_order_does_not_matter():
    rows = [("c1", "b"), ("c1", "a"), ("c1", "x")]
    table = cosine_neighbours(bought(rows), neighbours=1)
    assert neighbour_rows(table)[0][:2] == ("a", "b")
    shuffled = rows[::-1]
    assert cosine_neighbours(bought(shuffled), neighbours=1).equals(table)


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError, match="neighbours"):
        cosine_neighbours(bought(BOUGHT), neighbours=0)
    with pytest.raises(ValueError, match="shrinkage"):
        cosine_neighbours(bought(BOUGHT), neighbours=None, shrinkage=-1)


def reference_item_cf(pairs, per_customer, neighbours, shrinkage):
    """{customer: [products]} straight from the definition."""
    customers = defaultdict(set)
    for customer, product in pairs:
        customers[customer].add(product)
    buyers = defaultdict(set)
    for customer, products in customers.items():
        for product in products:
            buyers[product].add(customer)
    near = {}
    for i in buyers:
        sims = [
            (
                j,
                len(buyers[i] & buyers[j])
                / (math.sqrt(len(buyers[i]) * len(buyers[j])) + shrinkage),
            )
            for j in buyers
            if j != i and buyers[i] & buyers[j]
        ]
        sims = [(j, round(value * 10**12)) for j, value in sims]
        sims.sort(key=lambda item: (-item[1], item[0]))
        near[i] = sims[:neighbours]
    result = {}
    for customer, products in customers.items():
        scores = defaultdict(int)
        for i in products:
            for j, units in near[i]:
                if j not in products:
                    scores[j] += units
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if ranked:
            result[customer] = [j for j, _ in ranked[:per_customer]]
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_item_cf_matches_reference_per_date(seed):
    rng = random.Random(seed)
    early = [(f"c{rng.randrange(30)}", f"p{rng.randrange(25)}") for _ in range(120)]
    late = early + [(f"c{rng.randrange(30)}", f"p{rng.randrange(25)}") for _ in range(60)]
    dates = [dt.date(2024, 1, 31), dt.date(2024, 3, 1)]
    frame = pd.DataFrame(
        [(dates[0], *pair) for pair in set(early)] + [(dates[1], *pair) for pair in set(late)],
        columns=["as_of_date", "customer_id", "product_id"],
    )
    result = item_cf_recommendations(frame, per_customer=4, neighbours=3, shrinkage=0.5)
    for as_of_date, pairs in zip(dates, [early, late], strict=True):
        actual = defaultdict(list)
        for row in result.to_pylist():
            if row["as_of_date"] == as_of_date:
                actual[row["customer_id"]].append(row["product_id"])
        assert dict(actual) == reference_item_cf(pairs, 4, 3, 0.5), as_of_date


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param({"neighbours": "10", "shrinkage": "0"}, (10, 0.0), id="numbers"),
        pytest.param({"neighbours": "None", "shrinkage": "2.5"}, (None, 2.5), id="all_neighbours"),
    ],
)
def test_similarity_params_from_config(config, expected):
    assert similarity_params_from_config(config) == expected


@pytest.mark.parametrize(
    ("config", "message"),
    [
        pytest.param({"neighbours": "0", "shrinkage": "0"}, "recommendation_neighbours", id="zero"),
        pytest.param({"neighbours": "5", "shrinkage": "-1"}, "recommendation_shrinkage", id="neg"),
        pytest.param({"neighbours": "5", "shrinkage": "x"}, "recommendation_shrinkage", id="text"),
    ],
)
def test_similarity_params_reject_bad_vars(config, message):
    with pytest.raises(ValueError, match=message):
        similarity_params_from_config(config)
