"""Seeded generator of the demo shop's raw tables, in the contract layout.

Customers are generated in chunks; chunk ``i`` draws from
``numpy.random.default_rng([seed, i])``, so output depends only on the seed and
the sizes, and large scales stream to Parquet one chunk at a time (bounded
memory). Every value is written as text, exactly as a CSV export would hold it.

Planted structure (see :mod:`.catalog`): five customer types with distinct
buying and browsing habits, three campaigns with a held-out control group and a
planted uplift, and dirty rows of every kind the cleaning layer handles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import catalog
from .dirt import plant_dirt

ORDER_LINE_COLUMNS = (
    "order_id", "customer_id", "ordered_at", "product_id",
    "quantity", "unit_price", "status", "channel",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_id", "customer_id", "anonymous_id", "session_id", "event_type",
    "product_id", "search_query", "occurred_at", "device", "channel",
)  # fmt: skip
CUSTOMER_COLUMNS = (
    "customer_id", "signup_at", "birth_date", "gender", "country", "city",
    "email", "full_name", "phone",
)  # fmt: skip
PRODUCT_COLUMNS = ("product_id", "product_name", "category", "brand", "list_price")
CAMPAIGN_COLUMNS = ("campaign_id", "campaign_name", "channel", "started_at", "cost")
TOUCH_COLUMNS = ("campaign_id", "customer_id", "touched_at", "is_control")

CHANNELS = np.array(["web", "app", "store"])
SECONDS_PER_DAY = 86_400
#: Share of online orders whose browsing session was tracked (consent, ad blockers).
TRACKED_ORDER_SHARE = 0.4


@dataclass
class Chunk:
    """Raw tables (text columns) and truth for one chunk of customers."""

    order_lines: pd.DataFrame
    customers: pd.DataFrame
    events: pd.DataFrame
    campaign_touches: pd.DataFrame
    customer_types: pd.DataFrame
    dirty_rows: pd.DataFrame


def generate_products(seed: int, n_products: int = 300) -> pd.DataFrame:
    """The product catalogue (clean), ``P0001``…, prices log-normal per category."""
    rng = np.random.default_rng([seed, 1_000_000])
    n_categories = len(catalog.CATEGORIES)
    category = rng.permutation(np.arange(n_products) % n_categories)
    category_level = rng.uniform(2.0, 4.0, n_categories)
    price = np.exp(category_level[category] + rng.normal(0.0, 0.9, n_products))
    price = np.clip(np.round(price, 2), 0.5, 900.0)
    brand = rng.integers(0, len(catalog.BRANDS), n_products)
    noun = rng.integers(0, len(catalog.NOUNS), n_products)
    ids = [f"P{i + 1:04d}" for i in range(n_products)]
    names = [
        f"{catalog.BRANDS[b]} {catalog.CATEGORIES[c]} {catalog.NOUNS[n]} {i + 1}"
        for i, (b, c, n) in enumerate(zip(brand, category, noun, strict=True))
    ]
    return pd.DataFrame(
        {
            "product_id": ids,
            "product_name": names,
            "category": [catalog.CATEGORIES[c] for c in category],
            "brand": [catalog.BRANDS[b] for b in brand],
            "list_price": price,
        }
    )


def generate_campaigns() -> pd.DataFrame:
    """The campaigns table (clean)."""
    return pd.DataFrame(
        [
            (c.campaign_id, c.campaign_name, c.channel, c.started_at, f"{c.cost:.2f}")
            for c in catalog.CAMPAIGNS
        ],
        columns=CAMPAIGN_COLUMNS,
    )


def generate_chunk(
    seed: int,
    chunk_index: int,
    first_customer: int,
    n_customers: int,
    products: pd.DataFrame,
    dirt_scale: float,
) -> Chunk:
    """Customers ``first_customer + 1 … + n_customers`` and everything they do."""
    rng = np.random.default_rng([seed, chunk_index])
    params = catalog.type_table()
    types = rng.choice(len(catalog.TYPES), size=n_customers, p=catalog.type_shares())
    customer_ids = np.array([f"C{first_customer + i + 1:06d}" for i in range(n_customers)])

    touches, extra_orders = _campaign_touches(rng, customer_ids, types)
    orders = _orders(rng, params, types, extra_orders)
    lines = _order_lines(rng, params, types, orders, products)
    guest = _guest_orders(rng, len(orders), products)
    lines = pd.concat([lines, guest], ignore_index=True)
    events = _events(rng, params, types, customer_ids, orders, lines, products)

    order_base = 1_000_000 * (chunk_index + 1)
    order_lines = _format_order_lines(rng, lines, customer_ids, order_base)
    event_base = 10_000_000 * (chunk_index + 1)
    events = _format_events(rng, events, customer_ids, event_base, products)
    customers = _customers(rng, customer_ids, orders)

    order_lines, customers, events, touches, dirty = plant_dirt(
        rng, order_lines, customers, events, touches, dirt_scale, chunk_index
    )
    truth = pd.DataFrame(
        {"customer_id": customer_ids, "customer_type": np.array(catalog.TYPE_NAMES)[types]}
    )
    return Chunk(order_lines, customers, events, touches, truth, dirty)


def _campaign_touches(rng, customer_ids, types):
    """Touches per campaign, control flags, and the uplift orders they cause."""
    frames, extra = [], []
    type_names = np.array(catalog.TYPE_NAMES)[types]
    for campaign in catalog.CAMPAIGNS:
        eligible = np.isin(type_names, campaign.target_types)
        touched = np.flatnonzero(eligible & (rng.random(len(types)) < campaign.reach))
        is_control = rng.random(len(touched)) < catalog.CONTROL_SHARE
        started = pd.Timestamp(campaign.started_at)
        touched_at = started + pd.to_timedelta(
            rng.integers(0, 2 * SECONDS_PER_DAY, len(touched)), unit="s"
        )
        frames.append(
            pd.DataFrame(
                {
                    "campaign_id": campaign.campaign_id,
                    "customer_id": customer_ids[touched],
                    "touched_at": touched_at.strftime("%Y-%m-%d %H:%M:%S"),
                    "is_control": np.where(is_control, "true", "false"),
                }
            )
        )
        responds = ~is_control & (rng.random(len(touched)) < campaign.uplift)
        response_day = (touched_at[responds] - catalog.START).days + rng.integers(
            1, catalog.UPLIFT_WINDOW_DAYS, responds.sum()
        )
        extra.append(
            pd.DataFrame({"customer": touched[responds], "day": response_day.astype(float)})
        )
    touches = pd.concat(frames, ignore_index=True)
    return touches, pd.concat(extra, ignore_index=True)


def _orders(rng, params, types, extra_orders) -> pd.DataFrame:
    """One row per order: customer index, day offset, second of day, channel."""
    n_orders = params["min_orders"].to_numpy()[types] + rng.poisson(
        params["extra_orders"].to_numpy()[types]
    )
    customer = np.repeat(np.arange(len(types)), n_orders)
    window = np.stack(params["window"].to_numpy())[types[customer]]
    day = (window[:, 0] + rng.random(len(customer)) * (window[:, 1] - window[:, 0])) * (
        catalog.PERIOD_DAYS - 1
    )
    orders = pd.DataFrame({"customer": customer, "day": day})
    orders = pd.concat([orders, extra_orders], ignore_index=True)
    orders["day"] = np.minimum(np.floor(orders["day"]), catalog.PERIOD_DAYS - 1).astype(int)
    orders["second"] = rng.integers(8 * 3600, 23 * 3600, len(orders))
    channel_p = np.stack(params["channel_p"].to_numpy())[types[orders["customer"]]]
    pick = (rng.random(len(orders))[:, None] > np.cumsum(channel_p, axis=1)).sum(axis=1)
    orders["channel"] = CHANNELS[np.minimum(pick, 2)]
    orders = orders.sort_values(["day", "second"], kind="stable").reset_index(drop=True)
    orders["order_no"] = np.arange(len(orders))
    orders["is_cancelled"] = rng.random(len(orders)) < 0.03
    return orders


def _pick_products(rng, n, price_a, price_b, products) -> np.ndarray:
    """Product row indices drawn at a price-rank quantile ``Beta(a, b)``."""
    by_price = np.argsort(products["list_price"].to_numpy(), kind="stable")
    quantile = rng.beta(price_a, price_b, n)
    rank = np.minimum((quantile * len(by_price)).astype(int), len(by_price) - 1)
    return by_price[rank]


def _order_lines(rng, params, types, orders, products) -> pd.DataFrame:
    """Lines of the customers' orders, one product at most once per order."""
    order_type = types[orders["customer"].to_numpy()]
    n_lines = 1 + rng.poisson(params["extra_lines"].to_numpy()[order_type])
    order_row = np.repeat(np.arange(len(orders)), n_lines)
    line_type = order_type[order_row]
    product = _pick_products(
        rng,
        len(order_row),
        params["price_a"].to_numpy()[line_type],
        params["price_b"].to_numpy()[line_type],
        products,
    )
    quantity = 1 + rng.poisson(params["extra_quantity"].to_numpy()[line_type])
    discount = rng.random(len(order_row)) < params["discount_rate"].to_numpy()[line_type]
    price = products["list_price"].to_numpy()[product] * np.where(discount, 0.7, 1.0)
    lines = pd.DataFrame(
        {
            "order_no": orders["order_no"].to_numpy()[order_row],
            "customer": orders["customer"].to_numpy()[order_row],
            "day": orders["day"].to_numpy()[order_row],
            "second": orders["second"].to_numpy()[order_row],
            "channel": orders["channel"].to_numpy()[order_row],
            "is_cancelled": orders["is_cancelled"].to_numpy()[order_row],
            "product": product,
            "quantity": quantity,
            "unit_price": np.round(price, 2),
        }
    )
    lines = lines.drop_duplicates(["order_no", "product"]).reset_index(drop=True)
    return pd.concat([lines, _returns(rng, lines)], ignore_index=True)


def _returns(rng, lines) -> pd.DataFrame:
    """Return lines (negative quantity) for ~4% of completed lines, 1-20 days later."""
    returned = lines[~lines["is_cancelled"] & (rng.random(len(lines)) < 0.04)].copy()
    returned["day"] = np.minimum(
        returned["day"] + rng.integers(1, 21, len(returned)), catalog.PERIOD_DAYS - 1
    )
    returned["quantity"] = -returned["quantity"]
    returned["is_return"] = True
    return returned


def _guest_orders(rng, n_customer_orders, products) -> pd.DataFrame:
    """Guest-checkout orders (no customer id): ~3% extra orders, web or store."""
    n = max(1, round(0.03 * n_customer_orders))
    n_lines = 1 + rng.poisson(1.0, n)
    order_row = np.repeat(np.arange(n), n_lines)
    product = _pick_products(rng, len(order_row), 2.0, 2.0, products)
    day = rng.integers(0, catalog.PERIOD_DAYS, n)[order_row]
    lines = pd.DataFrame(
        {
            "order_no": -1 - order_row,
            "customer": -1,
            "day": day,
            "second": rng.integers(8 * 3600, 23 * 3600, n)[order_row],
            "channel": np.where(rng.random(n) < 0.5, "web", "store")[order_row],
            "is_cancelled": False,
            "product": product,
            "quantity": 1,
            "unit_price": products["list_price"].to_numpy()[product],
        }
    )
    return lines.drop_duplicates(["order_no", "product"])


def _timestamps(day, second) -> pd.Series:
    """``YYYY-MM-DD HH:MM:SS`` text for day offsets and seconds of day."""
    moments = catalog.START + pd.to_timedelta(
        np.asarray(day, dtype="int64") * SECONDS_PER_DAY + np.asarray(second, dtype="int64"),
        unit="s",
    )
    return pd.Series(moments.strftime("%Y-%m-%d %H:%M:%S"))


def _format_order_lines(rng, lines, customer_ids, order_base) -> pd.DataFrame:
    """Contract text columns, with the harmless mess real exports have."""
    n = len(lines)
    is_return = lines.get("is_return", pd.Series(False, index=lines.index)).fillna(False)
    is_return = is_return.to_numpy(dtype=bool)
    order_no = lines["order_no"].to_numpy()
    order_id = np.where(
        order_no >= 0,
        (order_base + order_no).astype(str),
        ("G" + (order_base - order_no).astype(str)),
    ).astype(object)
    order_id[is_return] = "R" + order_id[is_return]
    customer = lines["customer"].to_numpy()
    customer_id = np.where(customer >= 0, customer_ids[np.maximum(customer, 0)], "")
    product_id = np.array([f"P{p + 1:04d}" for p in lines["product"]], dtype=object)
    ordered_at = _timestamps(lines["day"], lines["second"]).to_numpy(dtype=object)
    date_only = rng.random(n) < 0.03
    ordered_at[date_only] = [value[:10] for value in ordered_at[date_only]]

    status = np.full(n, "completed", dtype=object)
    status[rng.random(n) < 0.15] = ""
    status[rng.random(n) < 0.03] = " Completed "
    status[rng.random(n) < 0.02] = "COMPLETED"
    status[lines["is_cancelled"].to_numpy(dtype=bool)] = "cancelled"
    status[is_return] = np.where(rng.random(is_return.sum()) < 0.5, "returned", "")

    quantity = lines["quantity"].astype(str).to_numpy(dtype=object)
    quantity[(lines["quantity"].to_numpy() == 1) & (rng.random(n) < 0.05)] = ""
    padded = rng.random(n) < 0.01
    product_id[padded] = [f"  {p} " for p in product_id[padded]]
    unknown = rng.random(n) < 0.003
    product_id[unknown] = [f"P9{i:05d}" for i in np.flatnonzero(unknown)]
    product_id[rng.random(n) < 0.002] = ""
    channel = lines["channel"].to_numpy(dtype=object).copy()
    shouted = rng.random(n) < 0.05
    channel[shouted] = [c.capitalize() for c in channel[shouted]]
    frame = pd.DataFrame(
        {
            "order_id": order_id,
            "customer_id": customer_id,
            "ordered_at": ordered_at,
            "product_id": product_id,
            "quantity": quantity,
            "unit_price": [f"{p:.2f}" for p in lines["unit_price"]],
            "status": status,
            "channel": channel,
        }
    )
    frame = frame.sort_values(["ordered_at", "order_id"], kind="stable")
    return frame.drop_duplicates().reset_index(drop=True)


def _events(rng, params, types, customer_ids, orders, lines, products) -> pd.DataFrame:
    """Browsing events: a session before each online order, browse-only sessions
    per customer type, and sessions of anonymous visitors who never buy."""
    bought = lines[(lines["customer"] >= 0) & ~lines.get("is_return", False).fillna(False)]
    tracked = orders[rng.random(len(orders)) < TRACKED_ORDER_SHARE]
    purchase = _purchase_session_events(tracked, bought)
    browse = _browse_session_events(rng, params, types, products)
    events = pd.concat([purchase, browse], ignore_index=True)
    sessions = events[["session"]].drop_duplicates().reset_index(drop=True)
    sessions["has_session_id"] = rng.random(len(sessions)) < 0.9
    sessions["logged_in"] = rng.random(len(sessions)) < 0.92
    sessions["device"] = rng.choice(
        ["desktop", "mobile", "tablet"], len(sessions), p=[0.5, 0.4, 0.1]
    )
    events = events.merge(sessions, on="session", how="left")
    app = events["channel"] == "app"
    events.loc[app, "device"] = "mobile"
    return events.sort_values(["moment", "session", "position"], kind="stable").reset_index(
        drop=True
    )


def _purchase_session_events(orders, bought) -> pd.DataFrame:
    """page_view, product_view and add_to_cart per line, checkout, purchase."""
    online = orders[orders["channel"] != "store"].set_index("order_no")
    bought = bought[bought["order_no"].isin(online.index)].copy()
    bought["rank"] = bought.groupby("order_no").cumcount()
    size = bought.groupby("order_no").size().rename("n_lines")
    online = online.join(size, how="inner")
    n_lines = online["n_lines"].to_numpy()
    session = pd.DataFrame(
        {
            "session": online.index.to_numpy(),
            "customer": online["customer"].to_numpy(),
            "end": online["day"].to_numpy() * SECONDS_PER_DAY + online["second"].to_numpy(),
            "last": 2 + 2 * n_lines,
            "channel": online["channel"].to_numpy(),
        }
    )
    line_part = bought[["order_no", "product", "rank"]].merge(
        session, left_on="order_no", right_on="session"
    )
    parts = [
        session.assign(event_type="page_view", position=0, product=-1),
        line_part.assign(event_type="product_view", position=1 + line_part["rank"]),
        line_part.assign(
            event_type="add_to_cart",
            position=1 + (line_part["last"] - 2) // 2 + line_part["rank"],
        ),
        session.assign(event_type="checkout", position=session["last"] - 1, product=-1),
        session.assign(event_type="purchase", position=session["last"], product=-1),
    ]
    events = pd.concat(parts, ignore_index=True)
    events["moment"] = events["end"] - (events["last"] - events["position"]) * 45
    events["search_query"] = ""
    return events[
        ["session", "customer", "event_type", "product", "position", "moment", "search_query",
         "channel"]
    ]  # fmt: skip


def _browse_session_events(rng, params, types, products) -> pd.DataFrame:
    """Sessions without a purchase: views, maybe a search, maybe an abandoned cart."""
    n_sessions = rng.poisson(params["browse_sessions"].to_numpy()[types])
    customer = np.repeat(np.arange(len(types)), n_sessions)
    n_anonymous = round(0.2 * len(types))
    customer = np.concatenate([customer, np.full(n_anonymous, -1)])
    session_type = np.where(customer >= 0, types[np.maximum(customer, 0)], 2)
    window = np.stack(params["window"].to_numpy())[session_type]
    day = (window[:, 0] + rng.random(len(customer)) * (window[:, 1] - window[:, 0])) * (
        catalog.PERIOD_DAYS - 1
    )
    start = day.astype(int) * SECONDS_PER_DAY + rng.integers(7 * 3600, 23 * 3600, len(day))
    n_views = 1 + rng.poisson(params["views_per_session"].to_numpy()[session_type])
    has_search = rng.random(len(day)) < params["search_rate"].to_numpy()[session_type]
    has_cart = rng.random(len(day)) < 0.25
    session = pd.DataFrame(
        {
            "session": -1 - np.arange(len(day)),
            "customer": customer,
            "start": start,
            "channel": np.where(rng.random(len(day)) < 0.3, "app", "web"),
        }
    )
    view_session = np.repeat(np.arange(len(day)), n_views)
    view_rank = np.arange(len(view_session)) - np.repeat(np.cumsum(n_views) - n_views, n_views)
    view_type = session_type[view_session]
    views = session.iloc[view_session].assign(
        event_type="product_view",
        position=1 + has_search[view_session] + view_rank,
        product=_pick_products(
            rng,
            len(view_session),
            params["price_a"].to_numpy()[view_type],
            params["price_b"].to_numpy()[view_type],
            products,
        ),
    )
    searches = session[has_search].assign(event_type="search", position=1, product=-1)
    words = np.array([c.lower() for c in catalog.CATEGORIES] + list(catalog.SEARCH_WORDS))
    searches["search_query"] = rng.choice(words, len(searches))
    carts = views.drop_duplicates("session", keep="last")
    carts = carts[has_cart[-1 - carts["session"].to_numpy()]].assign(
        event_type="add_to_cart", position=lambda frame: frame["position"] + 1
    )
    events = pd.concat(
        [session.assign(event_type="page_view", position=0, product=-1), views, searches, carts],
        ignore_index=True,
    )
    events["moment"] = events["start"] + events["position"] * 50
    events["search_query"] = events["search_query"].fillna("") if "search_query" in events else ""
    return events[
        ["session", "customer", "event_type", "product", "position", "moment", "search_query",
         "channel"]
    ]  # fmt: skip


def _format_events(rng, events, customer_ids, event_base, products) -> pd.DataFrame:
    """Contract text columns of the events table."""
    customer = events["customer"].to_numpy()
    known = customer >= 0
    anonymous_id = np.where(
        known,
        np.char.replace(customer_ids[np.maximum(customer, 0)].astype(str), "C", "A"),
        np.char.add("AX", (-events["session"].to_numpy()).astype(str)),
    )
    customer_id = np.where(
        known & events["logged_in"].to_numpy(), customer_ids[np.maximum(customer, 0)], ""
    )
    session_key = events["session"].to_numpy()
    prefix = f"S{event_base // 10_000_000}-"
    session_text = np.char.add(
        np.where(session_key >= 0, prefix + "O", prefix + "B"), np.abs(session_key).astype(str)
    )
    product = events["product"].to_numpy()
    product_id = np.where(
        product >= 0, products["product_id"].to_numpy()[np.maximum(product, 0)], ""
    )
    query = events["search_query"].to_numpy(dtype=object)
    messy = rng.random(len(query)) < 0.2
    query[messy] = [f"  {q.title()} " if q else q for q in query[messy]]
    seconds = events["moment"].to_numpy()
    return pd.DataFrame(
        {
            "event_id": [f"E{event_base + i}" for i in range(len(events))],
            "customer_id": customer_id,
            "anonymous_id": anonymous_id,
            "session_id": np.where(events["has_session_id"].to_numpy(), session_text, ""),
            "event_type": events["event_type"].to_numpy(),
            "product_id": product_id,
            "search_query": query,
            "occurred_at": _timestamps(seconds // SECONDS_PER_DAY, seconds % SECONDS_PER_DAY),
            "device": events["device"].to_numpy(),
            "channel": events["channel"].to_numpy(),
        }
    )


def _customers(rng, customer_ids, orders) -> pd.DataFrame:
    """Customer master data with PII (email, full name, phone) and non-ASCII names."""
    n = len(customer_ids)
    first_day = orders.groupby("customer")["day"].min().reindex(range(n), fill_value=0).to_numpy()
    signup_day = first_day - rng.integers(0, 400, n)
    first = rng.choice(catalog.FIRST_NAMES, n)
    last = rng.choice(catalog.LAST_NAMES, n)
    country = rng.choice(catalog.COUNTRIES, n)
    city = [catalog.CITIES[c][i] for c, i in zip(country, rng.integers(0, 2, n), strict=True)]
    birth = pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 20_000, n), unit="D")
    birth_date = np.array(birth.strftime("%Y-%m-%d"), dtype=object)
    birth_date[rng.random(n) < 0.05] = ""
    number = np.array([int(c[1:]) for c in customer_ids])
    email = [
        f"{f.lower()}.{s.lower().replace(' ', '')}{k}@example.org"
        for f, s, k in zip(first, last, number, strict=True)
    ]
    email = [f"  {e.title()} " if r < 0.1 else e for e, r in zip(email, rng.random(n), strict=True)]
    country_text = np.array(country, dtype=object)
    shouted = rng.random(n) < 0.05
    country_text[shouted] = [c.upper() for c in country_text[shouted]]
    return pd.DataFrame(
        {
            "customer_id": customer_ids,
            "signup_at": _timestamps(signup_day, rng.integers(0, SECONDS_PER_DAY, n)),
            "birth_date": birth_date,
            "gender": rng.choice(["F", "M", "X", ""], n, p=[0.47, 0.45, 0.03, 0.05]),
            "country": country_text,
            "city": city,
            "email": email,
            "full_name": [f"{f} {s}" for f, s in zip(first, last, strict=True)],
            "phone": [f"+44 7700 {k % 1_000_000:06d}" for k in number],
        }
    )
