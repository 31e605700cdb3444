"""Property: a broken CSV file loses no record; every physical record is accounted for.

Hypothesis writes a small valid order_lines.csv (some values quoted, with
commas, quotes and line breaks inside), then breaks it on purpose: unclosed
quotes, stray quotes, ragged rows, a cut-off last line, mixed line endings.
The corruptions never add or remove a record, so the file still holds as many
physical records as were written, and the build must account for each of
them as clean or quarantined (or stop with an error naming file and line).
Every example reuses one warehouse file and target directory; shrinking is
off (one example is one dbt build).
"""

from __future__ import annotations

import csv
import io
import re

import duckdb
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

COLUMNS = ["order_id", "customer_id", "ordered_at", "product_id", "quantity", "unit_price"]
STAGING = (
    "run",
    "--select",
    "base_shop__order_lines",
    "stg_shop__order_lines",
    "stg_shop__order_lines_quarantine",
    "stg_shop__source_row_counts",
)
CORRUPTIONS = ["unclosed_quote", "stray_quote", "ragged_row", "cut_last_line", "line_endings"]

plain_values = st.sampled_from(["o1", "c1", "p1", "2", "3.5", "2024-01-05", "x"])
quoted_values = st.sampled_from(["a,b", 'say "hi"', "two\nlines", "", " p 2 "])


@st.composite
def corrupted_order_lines(draw):
    """(CSV bytes, number of records written, corruptions applied)."""
    count = draw(st.integers(3, 12))
    rows = [[draw(st.one_of(plain_values, quoted_values)) for _ in COLUMNS] for _ in range(count)]
    # Corrupted records hold no line break (so "one record" stays one line).
    targets = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=3, unique=True))
    for index in targets:
        rows[index] = [draw(plain_values) for _ in COLUMNS]
    kinds = [draw(st.sampled_from(CORRUPTIONS)) for _ in targets]
    lines = []
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(row)
        lines.append(buffer.getvalue()[:-1])
    endings = ["\n"] * count
    for index, kind in zip(targets, kinds, strict=True):
        fields = lines[index].split(",")
        column = draw(st.integers(0, len(fields) - 1))
        if kind == "unclosed_quote":
            fields[column] = '"' + fields[column]
        elif kind == "stray_quote":
            fields[column] = fields[column][:1] + '"' + fields[column][1:] + "z"
        elif kind == "ragged_row":
            extra = draw(st.integers(-3, 3))
            fields = fields[: len(fields) + extra] if extra < 0 else fields + ["r"] * extra
        elif kind == "line_endings":
            endings[index] = draw(st.sampled_from(["\r\n", "\r"]))
        lines[index] = ",".join(fields) or "o"
        if kind == "cut_last_line":
            last = lines[-1]
            if re.search(r'^[^"]*$', last) and len(last) > 1:
                lines[-1] = last[: draw(st.integers(1, len(last) - 1))]
                endings[-1] = ""
    text = (
        ",".join(COLUMNS)
        + "\n"
        + "".join(f"{line}{end}" for line, end in zip(lines, endings, strict=True))
    )
    return text.encode("utf-8"), count, kinds


@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(corrupted=corrupted_order_lines())
def test_corrupted_csv_accounts_for_every_physical_record(rebuild_on_raw_files, corrupted):
    content, written, kinds = corrupted
    result, db_path = rebuild_on_raw_files(
        "raw_record_properties", {"order_lines.csv": content}, STAGING
    )
    if not result.ok:
        # The only acceptable failure names the file and the line.
        assert re.search(r"order_lines\.csv, line \d+", result.output), result.output[-3000:]
        return
    with duckdb.connect(str(db_path), read_only=True) as connection:
        raw_rows = connection.execute(
            "select raw_rows from staging.stg_shop__source_row_counts "
            "where source_table = 'order_lines'"
        ).fetchone()[0]
        clean = connection.execute("select count(*) from staging.stg_shop__order_lines").fetchone()
        quarantined = connection.execute(
            "select count(*) from staging.stg_shop__order_lines_quarantine"
        ).fetchone()
    assert raw_rows == written, (kinds, content)
    assert clean[0] + quarantined[0] == written, (kinds, content)
