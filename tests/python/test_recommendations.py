"""segwarehouse.recommendations: scoring, exclusions, top N and tie-break.

The expected rows are worked out by hand; a brute-force reference (plain
Python loops over the definition in docs block recommendation_score) checks
random inputs, including blocks smaller than the customer count.
"""

from __future__ import annotations

import random
from collections import defaultdict

import pandas as pd
import pyarrow as pa
import pytest

from segwarehouse.recommendations import per_customer_from_config, rank_recommendations

UNIT = 10**12


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def customer_products(rows):
    return frame(rows, ["customer_id", "product_id"])


def rules(rows):
    """(antecedent, consequent, confidence) -> rule frame in 1e-12 units."""
    return frame(
        [(a, b, round(conf * UNIT)) for a, b, conf in rows],
        ["antecedent_id", "consequent_id", "weight_units"],
    )


def as_rows(table):
    return [tuple(row.values()) for row in table.to_pylist()]


def test_scores_sum_confidences_skip_bought_and_break_ties_by_product_id():
    # c1 bought p1, p2: p3 = 0.25 + 0.5 (two products), p4 = 0.75 (one): a tie,
    # p3 first; p2 is bought so never recommended; p5 (0.125) is cut by N = 2.
    # c2 bought p3 only: p1 0.25, p2 0.125 via the b -> a confidences.
    bought = customer_products([("c1", "p1"), ("c1", "p2"), ("c2", "p3")])
    pair_rules = rules(
        [
            ("p1", "p2", 0.5),
            ("p2", "p1", 0.5),
            ("p1", "p3", 0.25),
            ("p3", "p1", 0.25),
            ("p2", "p3", 0.5),
            ("p3", "p2", 0.125),
            ("p1", "p4", 0.75),
            ("p4", "p1", 1.0),
            ("p1", "p5", 0.125),
            ("p5", "p1", 1.0),
        ]
    )
    result = rank_recommendations(bought, pair_rules, per_customer=2)
    assert result.column_names == [
        "customer_id",
        "recommendation_rank",
        "product_id",
        "score_units",
        "source_product_count",
    ]
    assert as_rows(result) == [
        ("c1", 1, "p3", 750_000_000_000, 2),
        ("c1", 2, "p4", 750_000_000_000, 1),
        ("c2", 1, "p1", 250_000_000_000, 1),
        ("c2", 2, "p2", 125_000_000_000, 1),
    ]


def test_customers_without_rules_or_unbought_partners_get_nothing():
    bought = customer_products([("c1", "p1"), ("c1", "p2"), ("c2", "p9")])
    pair_rules = rules([("p1", "p2", 0.5), ("p2", "p1", 0.5)])
    # c1 bought both partners; c2's product has no rules.
    assert rank_recommendations(bought, pair_rules, per_customer=5).num_rows == 0


def test_fewer_candidates_than_n_and_empty_inputs():
    bought = customer_products([("c1", "p1")])
    pair_rules = rules([("p1", "p2", 0.5), ("p1", "p3", 0.5)])
    assert as_rows(rank_recommendations(bought, pair_rules, per_customer=10)) == [
        ("c1", 1, "p2", 500_000_000_000, 1),
        ("c1", 2, "p3", 500_000_000_000, 1),
    ]
    empty = rank_recommendations(customer_products([]), pair_rules, per_customer=3)
    assert empty.num_rows == 0 and empty.schema.field("score_units").type == "int64"
    assert rank_recommendations(bought, rules([]), per_customer=3).num_rows == 0
    no_antecedent = customer_products([("c1", "p9"), ("c2", "p2")])
    assert rank_recommendations(no_antecedent, pair_rules, per_customer=3).num_rows == 0


def test_rejects_bad_arguments():
    bought = customer_products([("c1", "p1")])
    with pytest.raises(ValueError, match="per_customer"):
        rank_recommendations(bought, rules([("p1", "p2", 0.5)]), per_customer=0)
    with pytest.raises(ValueError, match="positive"):
        rank_recommendations(bought, rules([("p1", "p2", 0.0)]), per_customer=1)
    with pytest.raises(ValueError, match="n_threads"):
        rank_recommendations(bought, rules([("p1", "p2", 0.5)]), per_customer=1, n_threads=0)


def test_refuses_weights_whose_sums_could_overflow():
    # Two rules into p3 whose weights sum beyond what the packed int64 sums
    # (score and count in one integer) can hold: refused before computing,
    # instead of wrapping around silently.
    bought = customer_products([("c1", "p1"), ("c1", "p2")])
    heavy = frame(
        [("p1", "p3", 2**61), ("p2", "p3", 2**61)],
        ["antecedent_id", "consequent_id", "weight_units"],
    )
    with pytest.raises(OverflowError, match="too large"):
        rank_recommendations(bought, heavy, per_customer=1)
    # The largest weights that fit still give exact sums.
    n_antecedents_bits = 2  # two antecedents: counts need 2 bits
    fitting = 2**62 // 2**n_antecedents_bits - 1
    light = frame(
        [("p1", "p3", fitting), ("p2", "p3", fitting)],
        ["antecedent_id", "consequent_id", "weight_units"],
    )
    assert as_rows(rank_recommendations(bought, light, per_customer=1)) == [
        ("c1", 1, "p3", 2 * fitting, 2)
    ]


@pytest.mark.parametrize("raw", ["10", 10, " 3 "])
def test_per_customer_from_config_accepts_whole_numbers(raw):
    assert per_customer_from_config({"per_customer": raw}) == int(str(raw).strip())


@pytest.mark.parametrize("raw", ["0", "-1", "2.5", "ten", "", None])
def test_per_customer_from_config_names_the_var(raw):
    with pytest.raises(ValueError, match="recommendations_per_customer"):
        per_customer_from_config({"per_customer": raw})


def brute_force(bought_rows, rule_rows, per_customer):
    bought = defaultdict(set)
    for customer, product in bought_rows:
        bought[customer].add(product)
    partners = defaultdict(dict)
    for a, b, units in rule_rows:
        partners[a][b] = units
    result = []
    for customer in sorted(bought):
        scores, counts = defaultdict(int), defaultdict(int)
        for product in bought[customer]:
            for partner, units in partners[product].items():
                if partner not in bought[customer]:
                    scores[partner] += units
                    counts[partner] += 1
        ranked = sorted(scores, key=lambda partner: (-scores[partner], partner))
        for rank, partner in enumerate(ranked[:per_customer], start=1):
            result.append((customer, rank, partner, scores[partner], counts[partner]))
    return result


# Ids beyond ASCII: the order must be that of the UTF-8 bytes (DuckDB's VARCHAR
# order), e.g. "Z" < "a" < "é" < "\uffff" < "\U00010000" (UTF-16 would put the
# last two the other way round).
ODD_IDS = ["Z", "a", "é", "\uffff", "\U00010000", "a b", "a\u0301"]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("as_arrow", [False, True])
def test_matches_brute_force_on_random_shops(seed, as_arrow):
    rng = random.Random(seed)
    products = [f"p{i:02d}" for i in range(rng.randint(3, 25))] + ODD_IDS[: seed + 1]
    customers = [f"c{i:03d}" for i in range(rng.randint(1, 60))] + ODD_IDS[seed:]
    bought_rows = sorted(
        {(rng.choice(customers), rng.choice(products)) for _ in range(rng.randint(1, 200))}
    )
    pairs = {tuple(rng.sample(products, 2)) for _ in range(rng.randint(1, 60))}
    # Few distinct weights, so that ties are common.
    rule_rows = [(a, b, rng.choice([1, 2, 3, 5]) * UNIT // 8) for a, b in sorted(pairs)]
    per_customer = rng.randint(1, 6)
    bought = customer_products(bought_rows)
    rule_frame = frame(rule_rows, ["antecedent_id", "consequent_id", "weight_units"])
    if as_arrow:  # as the dbt model passes them
        bought, rule_frame = pa.Table.from_pandas(bought), pa.Table.from_pandas(rule_frame)
    result = rank_recommendations(
        bought,
        rule_frame,
        per_customer,
        block_customers=rng.randint(1, 7),
        n_threads=1 + seed % 3,  # several blocks at once, same rows in the same order
    )
    assert as_rows(result) == brute_force(bought_rows, rule_rows, per_customer)
