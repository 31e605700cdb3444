"""Property: whatever an order_lines.csv holds, the cleaning never crashes and loses no row.

Hypothesis writes random, messy but well-formed CSV files (any subset and order
of the optional columns, unicode, quotes and commas inside quoted fields, CRLF
or LF, optional BOM, exact duplicates, values that are numbers, dates or junk)
and builds the order-line staging on each. Every example reuses one warehouse
file and target directory, so dbt parses the project only once. Shrinking is
off: one example costs a dbt build, and the failing file is printed as drawn.

Values may hold line breaks (quoted by the CSV writer), as real exports do.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import duckdb
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

REQUIRED = ["order_id", "customer_id", "ordered_at", "unit_price"]
OPTIONAL = ["product_id", "quantity", "status", "channel"]
ORDER_LINE_REASONS = {
    "missing_order_id", "missing_ordered_at", "bad_timestamp", "future_timestamp",
    "bad_number", "missing_unit_price", "negative_price", "unknown_status", "duplicate_row",
}  # fmt: skip
STAGING_ORDER_LINES = (
    "build",
    "--select",
    "base_shop__order_lines",
    "stg_shop__order_lines",
    "stg_shop__order_lines_quarantine",
    "stg_shop__source_row_counts",
    "--exclude",
    "resource_type:unit_test",
)

# Printable text plus quotes, commas, spaces and line breaks on purpose.
junk = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(',"  \n'),
    max_size=10,
)
identifiers = st.one_of(st.sampled_from(["o1", "o2", "c1", "p1", "", " ", " o1 "]), junk)
timestamps = st.one_of(
    st.datetimes(min_value=datetime(1900, 1, 1)).map(
        lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")
    ),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(
        [
            "2024-02-30",
            "31/12/2024",
            "soon",
            "2031-05-04 10:00:00",
            "2024-01-05T10:00:00",
            " 2024-01-05 ",
            "2024-01-05 10:00:00.123456",
            "99999-01-01",
            "",
        ]
    ),
    junk,
)
numbers = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=12).map(str),
    st.floats().map(repr),
    st.sampled_from(["", " 3 ", "1,5", "abc", "1e400", "-0", ".5", "+2", "1_000"]),
    junk,
)
statuses = st.one_of(
    st.sampled_from(["completed", "cancelled", "returned", " Returned ", "COMPLETED", ""]),
    st.sampled_from(["shipped", "refunded"]),
    junk,
)
VALUES = {
    "order_id": identifiers,
    "customer_id": identifiers,
    "ordered_at": timestamps,
    "product_id": identifiers,
    "quantity": numbers,
    "unit_price": numbers,
    "status": statuses,
    "channel": st.one_of(st.sampled_from(["web", " APP ", ""]), junk),
}


@st.composite
def messy_order_lines(draw):
    """(CSV bytes, rows as written) for one random order_lines.csv."""
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    columns = draw(st.permutations(REQUIRED + optional))
    rows = draw(
        st.lists(st.fixed_dictionaries({column: VALUES[column] for column in columns}), max_size=25)
    )
    copies = draw(st.lists(st.integers(0, max(len(rows) - 1, 0)), max_size=5)) if rows else []
    for index in copies:
        position = draw(st.integers(index + 1, len(rows)))
        rows.insert(position, dict(rows[index]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + buffer.getvalue().encode("utf-8"), columns, rows


def _expected_duplicates(columns: list[str], rows: list[dict]) -> list[bool]:
    """Whether each row repeats an earlier one (empty and absent are both NULL)."""
    seen, result = set(), []
    for row in rows:
        key = tuple(row.get(column) or None for column in REQUIRED + OPTIONAL)
        result.append(key in seen)
        seen.add(key)
    return result


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(messy=messy_order_lines())
def test_messy_order_lines_never_crash_and_reconcile(rebuild_on_raw_files, messy):
    content, columns, rows = messy
    result, db_path = rebuild_on_raw_files(
        "cleaning_properties", {"order_lines.csv": content}, STAGING_ORDER_LINES
    )
    if not rows:  # header only: the run stops, saying the input is empty
        assert not result.ok and "holds no data rows" in result.output
        return
    assert result.ok, result.output[-4000:]

    with duckdb.connect(str(db_path), read_only=True) as connection:
        raw_rows = connection.execute(
            "select raw_rows from staging.stg_shop__source_row_counts "
            "where source_table = 'order_lines'"
        ).fetchone()[0]
        clean = connection.execute(
            "select source_row_number from staging.stg_shop__order_lines"
        ).fetchall()
        quarantine = dict(
            connection.execute(
                "select source_row_number, reasons from staging.stg_shop__order_lines_quarantine"
            ).fetchall()
        )
        unusable_clean = connection.execute(
            "select count(*) from staging.stg_shop__order_lines "
            "where order_id is null or ordered_at is null or unit_price is null "
            "or unit_price < 0 or quantity is null or line_revenue is null "
            "or status not in ('completed', 'cancelled', 'returned')"
        ).fetchone()[0]

    # raw = clean + quarantined, and every raw row is in exactly one of them.
    assert raw_rows == len(rows)
    clean_numbers = sorted(number for (number,) in clean)
    assert sorted(clean_numbers + list(quarantine)) == list(range(1, len(rows) + 1))
    assert unusable_clean == 0
    for reasons in quarantine.values():
        assert reasons and set(reasons) <= ORDER_LINE_REASONS

    duplicates = _expected_duplicates(columns, rows)
    for number, row in enumerate(rows, start=1):
        reasons = quarantine.get(number, [])
        assert ("duplicate_row" in reasons) == duplicates[number - 1], (number, row)
        if (row["order_id"] or "").strip(" ") == "":
            assert "missing_order_id" in reasons, (number, row)
