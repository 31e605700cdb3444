"""Every word of every segment name holds for most of the segment's members.

Checked on the demo and on the real Online Retail data against
segment_profiles' per-segment medians, with the base medians and quartiles
computed here in pandas from customer_features: a word about a feature needs
the segment's median beyond the base median on the word's side by more than
the documented margin (WORD_MARGIN_IQR interquartile ranges); "one-time
buyers" needs a median order_count of at most 1.25.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from segwarehouse.segmentation.naming import SEPARATOR, TRAITS, TYPICAL
from segwarehouse.segmentation.profiles import WORD_MARGIN_IQR

NOUNS = {"one-time buyers": 1.25, "non-buyers": 0.5}


def _word_claims(features: list[str]) -> dict[str, list[tuple[str, int]]]:
    """word -> [(feature, +1 for high / -1 for low), ...] among the features."""
    claims: dict[str, list[tuple[str, int]]] = {}
    for feature in features:
        trait = TRAITS.get(feature)
        high = trait.high if trait else f"high {feature.replace('_', ' ')}"
        low = trait.low if trait else f"low {feature.replace('_', ' ')}"
        for word, side in ((high, 1), (low, -1)):
            if word:
                claims.setdefault(word, []).append((feature, side))
    return claims


def _check_names(warehouse) -> list[str]:
    profiles = warehouse.df("select * from segment_profiles order by segment_id")
    features = [column[len("median_") :] for column in profiles if column.startswith("median_")]
    base = warehouse.df(f"select {', '.join(features)} from customer_features").astype(float)
    margin = WORD_MARGIN_IQR * (base.quantile(0.75) - base.quantile(0.25))
    claims = _word_claims(features)
    problems, checked = [], 0
    for _, segment in profiles.iterrows():
        name = re.sub(r" \(\d+\)$", "", segment["segment_name"])
        if name == TYPICAL:
            continue
        for word in name.lower().split(SEPARATOR):
            checked += 1
            if word in NOUNS:
                if not segment["median_order_count"] <= NOUNS[word]:
                    problems.append(f"{segment['segment_name']}: {word}")
                continue
            assert word in claims, f"unknown word {word!r} in {segment['segment_name']!r}"
            holds = [
                side * (segment[f"median_{feature}"] - base[feature].median()) > margin[feature]
                for feature, side in claims[word]
                if pd.notna(segment[f"median_{feature}"])
            ]
            if not any(holds):
                problems.append(f"{segment['segment_name']}: {word}")
    assert checked > 0
    return problems


def test_every_word_holds_on_the_demo(demo_warehouse):
    assert _check_names(demo_warehouse) == []


@pytest.mark.slow
def test_every_word_holds_on_online_retail(online_retail_warehouse):
    assert _check_names(online_retail_warehouse) == []


@pytest.mark.slow
def test_online_retail_gives_segments_a_marketer_can_use(online_retail_warehouse):
    profiles = online_retail_warehouse.df("select * from segment_profiles")
    run = online_retail_warehouse.df(
        "select * from segment_runs order by run_number desc limit 1"
    ).iloc[0]
    print(profiles[["segment_name", "customer_count", "customer_share", "revenue_share"]])
    assert 4 <= len(profiles) <= 8
    assert (profiles["customer_share"] >= 0.03).all()
    assert profiles["segment_name"].is_unique
    # What the indices alone would pick is recorded beside the bounded choice.
    assert run["unbounded_k"] is not None and run["k_min"] == 4 and run["k_max"] == 8
    assert run["is_k_bounded"] == (run["unbounded_k"] != run["k"])


@pytest.mark.slow
def test_features_the_data_lacks_are_left_out_not_zero(online_retail_warehouse):
    dropped = online_retail_warehouse.scalar(
        "select dropped_features from segment_runs order by run_number desc limit 1"
    )
    assert dropped == "session_count: no value; view_to_purchase_rate: no value"
    fitted = online_retail_warehouse.query(
        "select distinct feature from segment_model where artifact = 'preprocessing'"
    )
    assert {"session_count", "view_to_purchase_rate"}.isdisjoint({row[0] for row in fitted})
    shown = online_retail_warehouse.query(
        "select count(*) from segment_centroids"
        " where feature in ('session_count', 'view_to_purchase_rate')"
    )
    assert shown == [(0,)]
    assert online_retail_warehouse.query(
        "select count(mean_session_count), count(median_view_to_purchase_rate)"
        " from segment_profiles"
    ) == [(0, 0)]
