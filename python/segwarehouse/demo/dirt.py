"""Dirty rows planted in the demo data, and the truth about them.

Each planted row is a copy of a good row with exactly one defect, so it must
land in quarantine with exactly one reason. Planted rows are scattered through
the file. The truth frame (``table_name, reason, handling, row_count``) lists
the quarantined kinds (``handling = quarantine``) and the kinds the cleaning
layer keeps but flags or normalises (``handling = keep``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# reason -> rows planted per 2,000 customers
ORDER_LINE_DIRT = {
    "duplicate_row": 40,
    "missing_order_id": 8,
    "missing_ordered_at": 8,
    "bad_timestamp": 8,
    "bad_number": 8,
    "negative_price": 6,
    "future_timestamp": 4,
    "unknown_status": 4,
    "missing_unit_price": 4,
}
CUSTOMER_DIRT = {"duplicate_row": 5, "missing_customer_id": 2, "bad_timestamp": 3}
EVENT_DIRT = {
    "duplicate_row": 20,
    "missing_occurred_at": 5,
    "bad_timestamp": 5,
    "unknown_event_type": 5,
    "future_timestamp": 3,
}
TOUCH_DIRT = {"duplicate_row": 3, "bad_boolean": 3}
PRODUCT_DIRT = {"duplicate_row": 2, "missing_product_id": 1, "bad_number": 1, "negative_price": 1}

FUTURE = "2031-05-04 10:00:00"


def _order_line_defect(rows: pd.DataFrame, reason: str, rng) -> pd.DataFrame:
    rows = rows.copy()
    if reason == "missing_order_id":
        rows["order_id"] = ""
    elif reason == "missing_ordered_at":
        rows["ordered_at"] = ""
    elif reason == "bad_timestamp":
        rows["ordered_at"] = rng.choice(["2024-02-30 10:00:00", "31/12/2024", "soon"], len(rows))
    elif reason == "bad_number":
        rows["unit_price"] = rows["unit_price"] + "x"
    elif reason == "negative_price":
        rows["unit_price"] = "-" + rows["unit_price"]
    elif reason == "future_timestamp":
        rows["ordered_at"] = FUTURE
    elif reason == "unknown_status":
        rows["status"] = "shipped"
    elif reason == "missing_unit_price":
        rows["unit_price"] = ""
    return rows


def _customer_defect(rows: pd.DataFrame, reason: str, chunk_index: int) -> pd.DataFrame:
    rows = rows.copy()
    if reason == "missing_customer_id":
        rows["customer_id"] = ""
    elif reason == "bad_timestamp":
        rows["customer_id"] = [f"C9{chunk_index:03d}{i:03d}" for i in range(len(rows))]
        rows["signup_at"] = "2023-02-30 09:00:00"
    return rows


def _event_defect(rows: pd.DataFrame, reason: str) -> pd.DataFrame:
    rows = rows.copy()
    rows["event_id"] = rows["event_id"] + "-" + reason
    if reason == "missing_occurred_at":
        rows["occurred_at"] = ""
    elif reason == "bad_timestamp":
        rows["occurred_at"] = "yesterday"
    elif reason == "unknown_event_type":
        rows["event_type"] = "wishlist_add"
    elif reason == "future_timestamp":
        rows["occurred_at"] = FUTURE
    return rows


def _touch_defect(rows: pd.DataFrame, reason: str) -> pd.DataFrame:
    rows = rows.copy()
    if reason == "bad_boolean":
        rows["is_control"] = "maybe"
    return rows


def _product_defect(rows: pd.DataFrame, reason: str) -> pd.DataFrame:
    rows = rows.copy()
    new_ids = [f"P8{i:03d}" for i in range(len(rows))]
    if reason == "missing_product_id":
        rows["product_id"] = ""
    elif reason == "bad_number":
        rows["product_id"] = [i + "B" for i in new_ids]
        rows["list_price"] = "12,99 EUR"
    elif reason == "negative_price":
        rows["product_id"] = [i + "N" for i in new_ids]
        rows["list_price"] = "-4.50"
    return rows


def _scatter(rng, clean: pd.DataFrame, dirty: list[pd.DataFrame]) -> pd.DataFrame:
    """``clean`` in order, with the ``dirty`` rows inserted at random places."""
    dirty_rows = pd.concat(dirty, ignore_index=True) if dirty else clean.iloc[:0]
    key = np.concatenate(
        [np.arange(len(clean), dtype=float), rng.uniform(0, len(clean), len(dirty_rows))]
    )
    both = pd.concat([clean, dirty_rows], ignore_index=True)
    return both.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)


def _plant(rng, frame, plan, scale, defect, table_name, eligible=None):
    """Planted rows for one table and their truth rows."""
    pool = frame if eligible is None else frame[eligible]
    dirty, truth = [], []
    for reason, per_demo in plan.items():
        count = max(1, round(per_demo * scale))
        rows = pool.iloc[rng.choice(len(pool), count, replace=False)]
        dirty.append(rows.copy() if reason == "duplicate_row" else defect(rows, reason))
        truth.append((table_name, reason, "quarantine", count))
    return _scatter(rng, frame, dirty), truth


def plant_dirt(rng, order_lines, customers, events, touches, scale, chunk_index):
    """Raw tables with planted dirty rows, and a truth frame counting them."""
    good_line = (order_lines["status"].str.strip().str.lower().isin(["completed", ""])) & (
        ~order_lines["quantity"].str.startswith("-")
    )
    kept = _kept_kinds(order_lines)
    order_lines, truth = _plant(
        rng,
        order_lines,
        ORDER_LINE_DIRT,
        scale,
        lambda rows, reason: _order_line_defect(rows, reason, rng),
        "order_lines",
        good_line.to_numpy(),
    )
    customers, rows = _plant(
        rng,
        customers,
        CUSTOMER_DIRT,
        scale,
        lambda rows, reason: _customer_defect(rows, reason, chunk_index),
        "customers",
    )
    truth += rows
    events, rows = _plant(rng, events, EVENT_DIRT, scale, _event_defect, "events")
    truth += rows
    touches, rows = _plant(rng, touches, TOUCH_DIRT, scale, _touch_defect, "campaign_touches")
    truth += rows
    frame = pd.DataFrame(truth + kept, columns=["table_name", "reason", "handling", "row_count"])
    return order_lines, customers, events, touches, frame


def plant_product_dirt(rng, products: pd.DataFrame):
    """Products with planted dirty rows, and their truth rows."""
    products, truth = _plant(
        rng,
        products,
        PRODUCT_DIRT,
        1.0,
        _product_defect,
        "products",
    )
    frame = pd.DataFrame(truth, columns=["table_name", "reason", "handling", "row_count"])
    return products, frame


def _kept_kinds(order_lines: pd.DataFrame) -> list[tuple]:
    """Messy but usable order lines: counted so tests can check they are kept."""
    product = order_lines["product_id"].str.strip()
    status = order_lines["status"]
    kinds = {
        "unknown_product": product.str.startswith("P9").sum(),
        "missing_product_id": (product == "").sum(),
        "guest_checkout": (order_lines["customer_id"] == "").sum(),
        "return": order_lines["quantity"].str.startswith("-").sum(),
        "cancelled": (status == "cancelled").sum(),
        "default_quantity": (order_lines["quantity"] == "").sum(),
        "date_only_timestamp": (order_lines["ordered_at"].str.len() == 10).sum(),
        "stray_whitespace": (
            (order_lines["product_id"] != product) | (status != status.str.strip())
        ).sum(),
    }
    return [("order_lines", kind, "keep", int(count)) for kind, count in kinds.items()]
