"""The demo shop's fixed vocabulary: categories, planted customer types, campaigns.

Everything the generator draws from lives here, so the planted structure can be
read in one place (docs/demo-data.md describes the same figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2024-12-31 23:59:59")
PERIOD_DAYS = 731

CATEGORIES = (
    "Kitchen",
    "Garden",
    "Toys",
    "Books",
    "Electronics",
    "Beauty",
    "Sports",
    "Fashion",
    "Home Decor",
    "Stationery",
    "Pet Supplies",
    "Groceries",
)
BRANDS = ("Acme", "Nordlys", "Köhler & Söhne", "Verdant", "Bluefin", "Maison Été", "Sakura")
NOUNS = ("Set", "Kit", "Box", "Pack", "Bundle", "Classic", "Pro", "Mini", "Deluxe", "Basic")
SEARCH_WORDS = ("gift", "sale", "cheap", "new", "best", "organic", "wireless", "kids", "xl")

FIRST_NAMES = (
    "Anna", "José", "Zoë", "Łukasz", "Søren", "Amélie", "Chloé", "Jürgen", "Ayşe",
    "Nguyễn", "Björn", "Inès", "Mohammed", "Emily", "Oliver", "Yuki", "Priya", "Liam",
)  # fmt: skip
LAST_NAMES = (
    "Müller", "García", "O'Brien", "Nowak", "Dupont", "Smith", "Jensen", "Öztürk",
    "Rossi", "Tanaka", "Kowalski", "Brown", "Fernández", "Lefèvre", "Ström", "Patel",
)  # fmt: skip
COUNTRIES = ("United Kingdom", "Germany", "France", "Spain", "Netherlands", "Poland")
CITIES = {
    "United Kingdom": ("London", "Leeds"),
    "Germany": ("Berlin", "München"),
    "France": ("Paris", "Lyon"),
    "Spain": ("Madrid", "Málaga"),
    "Netherlands": ("Amsterdam", "Utrecht"),
    "Poland": ("Kraków", "Łódź"),
}


@dataclass(frozen=True)
class CustomerType:
    """How one planted customer type shops and browses.

    Orders: ``min_orders + Poisson(extra_orders)`` orders, placed uniformly in
    the active window (fractions of the two-year period). Prices: the product
    is drawn at a price-rank quantile ``Beta(price_a, price_b)`` (1 = dearest).
    """

    name: str
    share: float
    min_orders: int
    extra_orders: float
    window: tuple[float, float]
    extra_lines: float
    extra_quantity: float
    price_a: float
    price_b: float
    discount_rate: float
    browse_sessions: float
    views_per_session: float
    search_rate: float
    channel_p: tuple[float, float, float]  # web, app, store


TYPES = (
    CustomerType("loyal_high_spender", 0.15, 8, 4.0, (0.0, 1.0), 1.2, 0.6, 6.0, 1.5, 0.0,
                 1.0, 2.0, 0.2, (0.5, 0.3, 0.2)),
    CustomerType("bargain_hunter", 0.20, 4, 4.0, (0.0, 1.0), 0.8, 1.0, 1.0, 7.0, 0.6,
                 2.0, 2.0, 0.8, (0.7, 0.3, 0.0)),
    CustomerType("one_time_buyer", 0.30, 1, 0.0, (0.0, 1.0), 1.0, 0.4, 2.0, 2.0, 0.1,
                 1.0, 2.0, 0.3, (0.6, 0.2, 0.2)),
    CustomerType("lapsed_regular", 0.20, 5, 3.0, (0.0, 0.35), 1.0, 0.5, 2.5, 2.0, 0.1,
                 1.0, 2.0, 0.3, (0.5, 0.2, 0.3)),
    CustomerType("heavy_browser", 0.15, 1, 0.5, (0.0, 1.0), 0.5, 0.3, 2.0, 2.0, 0.1,
                 12.0, 4.0, 0.6, (0.6, 0.4, 0.0)),
)  # fmt: skip
TYPE_NAMES = tuple(t.name for t in TYPES)


@dataclass(frozen=True)
class Campaign:
    """A campaign: who is touched, when, and the planted effect on the treated."""

    campaign_id: str
    campaign_name: str
    channel: str
    started_at: str
    cost: float
    target_types: tuple[str, ...]
    reach: float
    uplift: float  # extra chance of an order within UPLIFT_WINDOW_DAYS, treated only


CAMPAIGNS = (
    Campaign("CMP01", "Spring sale", "email", "2024-03-01 08:00:00", 4200.0,
             ("loyal_high_spender", "bargain_hunter"), 0.6, 0.15),
    Campaign("CMP02", "App summer push", "app", "2024-06-15 10:00:00", 1800.0,
             TYPE_NAMES, 0.3, 0.10),
    Campaign("CMP03", "Come back to us", "email", "2024-09-01 08:00:00", 2500.0,
             ("lapsed_regular", "one_time_buyer"), 0.8, 0.08),
)  # fmt: skip
CONTROL_SHARE = 0.2
UPLIFT_WINDOW_DAYS = 30


def type_table() -> pd.DataFrame:
    """The planted types as a frame (one row per type, parameters as columns)."""
    return pd.DataFrame([t.__dict__ for t in TYPES])


def type_shares() -> np.ndarray:
    """Share of customers of each planted type, in ``TYPES`` order."""
    shares = np.array([t.share for t in TYPES])
    return shares / shares.sum()
