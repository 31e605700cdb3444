"""Readable, unique, deterministic segment names from segment profiles.

A segment is described by how far its mean lies from the whole customer base,
feature by feature, in standard deviations of the base (``relative``), e.g.
``total_revenue +1.4, order_count +1.1, recency_days -0.9``. Each feature
belongs to a *trait group* with a word for "high" and one for "low"
(:data:`TRAITS`); features of the same group (``total_revenue`` and
``monetary_value``) yield one word, from the strongest of them.

Rules, applied in order:

1. Purchase count decides a noun when it is extreme in absolute terms: a median
   ``order_count`` below 0.5 gives "non-buyers" (which replaces the value,
   frequency, recency, basket and cadence words), at most 1.25 "one-time buyers"
   (which replaces the frequency word): true of at least half the members.
2. A word must hold for most members, not only on average: with ``sides``
   (see :func:`.profiles.median_sides`) a feature gives a word only if the
   segment's median lies beyond the base median on the word's side.
3. The ``max_traits`` strongest groups with ``|deviation| >= min_deviation``
   are kept, then written in the fixed group order (value, frequency, recency,
   basket, browsing, ...) and joined with " · "; the first letter is capitalised.
   Nothing notable: "Typical customers".
4. Names must be unique: segments sharing a name get more traits (weaker ones,
   down to half of ``min_deviation``) until they differ; any still equal get
   " (2)", " (3)"... in segment order.

Examples: "High value · frequent · recent", "Lapsed · one-time buyers",
"Heavy browsers · non-buyers".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

SEPARATOR = " · "
TYPICAL = "Typical customers"


class Trait(NamedTuple):
    """Words for one feature: its group and what high / low values are called."""

    group: str
    high: str | None
    low: str | None


_VALUE = Trait("value", "high value", "low value")
_FREQUENCY = Trait("frequency", "frequent", "infrequent")
_BROWSING = Trait("browsing", "heavy browsers", "light browsers")

#: Known features of ``customer_features`` and their words. Unknown numeric
#: features get "high <name>" / "low <name>" in a group of their own.
TRAITS: dict[str, Trait] = {
    "total_revenue": _VALUE,
    "monetary_value": _VALUE,
    "m_score": _VALUE,
    "order_count": _FREQUENCY,
    "frequency": _FREQUENCY,
    "f_score": _FREQUENCY,
    "recency_days": Trait("recency", "lapsed", "recent"),
    "r_score": Trait("recency", "recent", "lapsed"),
    "days_since_last_visit": Trait("visits", "long unseen", "recently seen"),
    "avg_order_value": Trait("basket", "big baskets", "small baskets"),
    "avg_basket_items": Trait("basket", "big baskets", "small baskets"),
    "avg_basket_products": Trait("basket", "big baskets", "small baskets"),
    "session_count": _BROWSING,
    "product_view_count": _BROWSING,
    "search_count": Trait("search", "searchers", None),
    "distinct_search_terms": Trait("search", "searchers", None),
    "add_to_cart_count": Trait("cart", "cart fillers", None),
    "checkout_count": Trait("cart", "cart fillers", None),
    "cart_abandonment_rate": Trait("abandonment", "cart abandoners", None),
    "view_to_purchase_rate": Trait("conversion", "converting", "non-converting"),
    "search_to_purchase_rate": Trait("conversion", "converting", "non-converting"),
    "return_rate": Trait("returns", "returners", None),
    "distinct_categories": Trait("breadth", "broad", "narrow"),
    "top_category_spend_share": Trait("breadth", "focused", "broad"),
    "tenure_days": Trait("tenure", "long-standing", "new"),
    "t": Trait("tenure", "long-standing", "new"),
    "days_since_signup": Trait("tenure", "long-standing", "new"),
    "mean_days_between_orders": Trait("cadence", "slow-cycle", "fast-cycle"),
}
GROUP_ORDER = [
    "value",
    "frequency",
    "recency",
    "basket",
    "search",
    "browsing",
    "visits",
    "cart",
    "abandonment",
    "conversion",
    "returns",
    "breadth",
    "tenure",
    "cadence",
]
#: Groups that say nothing more about customers who (almost) never buy.
PURCHASE_GROUPS = frozenset({"value", "frequency", "recency", "basket", "cadence"})
NON_BUYER_MAX_ORDERS = 0.5
ONE_TIME_MAX_ORDERS = 1.25


def name_segments(
    relative: pd.DataFrame,
    medians: pd.DataFrame | None = None,
    *,
    sides: pd.DataFrame | None = None,
    max_traits: int = 3,
    min_deviation: float = 0.5,
) -> list[str]:
    """Unique names, one per row of ``relative`` (in its order).

    Parameters
    ----------
    relative : DataFrame
        Rows = segments, columns = features: (segment mean - base mean) /
        base standard deviation, in the standardised space.
    medians : DataFrame, optional
        Same shape: segment medians in original units (for the purchase-count
        nouns). Without it only relative words are used.
    sides : DataFrame, optional
        Same shape: +1 / -1 / 0, the side of the base median the segment's
        median lies on (by a margin). A word is only used where its direction
        agrees. Without it every deviation may give a word.
    max_traits : int
        Words per name before disambiguation.
    min_deviation : float
        Smallest |deviation| (in standard deviations) worth a word.

    Returns
    -------
    list of str
    """
    if relative.empty:
        return []
    candidates = [
        _ranked_words(
            relative.iloc[i],
            None if medians is None else medians.iloc[i],
            None if sides is None else sides.iloc[i],
            min_deviation,
        )
        for i in range(len(relative))
    ]
    lengths = [
        min(max_traits, sum(strength >= min_deviation for _, _, strength in words))
        for words in candidates
    ]
    names = [_compose(words, n) for words, n in zip(candidates, lengths, strict=True)]
    while True:
        duplicated = _duplicated_positions(names)
        growable = [i for i in duplicated if lengths[i] < len(candidates[i])]
        if not growable:
            break
        for i in growable:
            lengths[i] += 1
            names[i] = _compose(candidates[i], lengths[i])
    return _numbered(names)


def _ranked_words(
    deviation: pd.Series, medians: pd.Series | None, sides: pd.Series | None, min_deviation: float
):
    """(group, word, strength) triples, strongest first; nouns get infinite strength."""
    best: dict[str, tuple[float, str]] = {}
    noun = _purchase_noun(medians)
    for feature, value in deviation.items():
        if not np.isfinite(value) or abs(value) < min_deviation / 2:
            continue
        if sides is not None and sides.get(feature, 0.0) != np.sign(value):
            continue
        trait = TRAITS.get(str(feature)) or _generic_trait(str(feature))
        word = trait.high if value > 0 else trait.low
        if word is None or _implied_by_noun(noun, trait.group):
            continue
        if trait.group not in best or abs(value) > best[trait.group][0]:
            best[trait.group] = (abs(value), word)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], _group_rank(item[0])))
    words = [(group, word, strength) for group, (strength, word) in ranked]
    strong = [item for item in words if item[2] >= min_deviation]
    weak = [item for item in words if item[2] < min_deviation]
    noun_words = [("noun", noun, np.inf)] if noun else []
    return noun_words + strong + weak


def _compose(words: list[tuple[str, str, float]], n_words: int) -> str:
    chosen = words[:n_words]
    if not chosen:
        return TYPICAL
    ordered = sorted(chosen, key=lambda item: _group_rank(item[0]))
    text = SEPARATOR.join(word for _, word, _ in ordered)
    return text[0].upper() + text[1:]


def _purchase_noun(medians: pd.Series | None) -> str | None:
    if medians is None or "order_count" not in medians.index:
        return None
    orders = medians["order_count"]
    if not np.isfinite(orders):
        return None
    if orders < NON_BUYER_MAX_ORDERS:
        return "non-buyers"
    if orders <= ONE_TIME_MAX_ORDERS:
        return "one-time buyers"
    return None


def _implied_by_noun(noun: str | None, group: str) -> bool:
    if noun == "non-buyers":
        return group in PURCHASE_GROUPS
    return noun is not None and group == "frequency"


def _generic_trait(feature: str) -> Trait:
    words = feature.replace("_", " ")
    return Trait(f"feature:{feature}", f"high {words}", f"low {words}")


def _group_rank(group: str) -> tuple[int, str]:
    if group == "noun":
        return (len(GROUP_ORDER) + 1, "")
    if group in GROUP_ORDER:
        return (GROUP_ORDER.index(group), "")
    return (len(GROUP_ORDER), group)


def _duplicated_positions(names: list[str]) -> list[int]:
    counts = pd.Series(names).value_counts()
    return [i for i, name in enumerate(names) if counts[name] > 1]


def _numbered(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result
