"""The physical-record reader of raw CSV files (segwarehouse.raw_records).

`records` below assembles a file's records the way the SQL reader
(`raw_reader_sql`) does: every non-empty line after the header that no
special record covers is a record split on commas.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segwarehouse.raw_records import RawFileError, header_fields, read_lines, special_records

HEADER = ["order_id", "customer_id", "ordered_at", "unit_price"]


def records(path, column_count: int) -> list[tuple[int, list[str], str | None]]:
    """(first line, fields, error) of every record of ``path``, in file order."""
    special = special_records(path, column_count)
    covered = {
        line for record in special for line in range(record["first_line"], record["last_line"] + 1)
    }
    plain = [
        (number, line.split(","), None)
        for number, line in enumerate(read_lines(path), start=1)
        if number > 1 and line and number not in covered
    ]
    found = plain + [(r["first_line"], r["fields"], r["error"]) for r in special]
    return sorted(found, key=lambda record: record[0])


def write(tmp_path, text: str, name: str = "order_lines.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_unclosed_quote_costs_only_its_line(tmp_path):
    rows = [f"o{i},c{i},2024-01-01,{i}" for i in range(1, 301)]
    rows[99] = 'o100,"c100,2024-01-01,100'
    path = write(tmp_path, ",".join(HEADER) + "\n" + "\n".join(rows) + "\n")
    found = records(path, 4)
    assert len(found) == 300
    assert [(line, error) for line, _, error in found if error] == [(101, "unclosed_quote")]
    assert found[-1][1] == ["o300", "c300", "2024-01-01", "300"]


def test_quoted_values_with_line_breaks_commas_and_quotes_stay_one_record(tmp_path):
    text = 'order_id,customer_id,ordered_at,unit_price\no1,"a\nb, ""c""",2024-01-01,1\no2,c2,x,2\n'
    found = records(write(tmp_path, text), 4)
    assert found == [
        (2, ["o1", 'a\nb, "c"', "2024-01-01", "1"], None),
        (4, ["o2", "c2", "x", "2"], None),
    ]


def test_stray_quote_inside_a_field_is_kept_as_a_character(tmp_path):
    found = records(write(tmp_path, 'a,b,c,d\no8,c"8,x,1\no9,c9,x,1\n'), 4)
    assert [fields for _, fields, _ in found] == [["o8", 'c"8', "x", "1"], ["o9", "c9", "x", "1"]]


def test_too_many_fields_and_bad_quotes_are_malformed_without_values(tmp_path):
    found = records(write(tmp_path, 'a,b\n1,2,3\n"x"y,1\nok,1\n'), 2)
    assert found == [(2, [], "too_many_fields"), (3, [], "bad_quote"), (4, ["ok", "1"], None)]


def test_opening_quote_closed_by_a_later_stray_quote_does_not_swallow_records(tmp_path):
    rows = ["o1,c1,x,1", 'o2,"c2,x,2', "o3,c3,x,3", "o4,c4,x,4", 'o5,c5,x,5"']
    found = records(write(tmp_path, "a,b,c,d\n" + "\n".join(rows)), 4)
    assert len(found) == 5
    assert [error for _, _, error in found] == [None, "unclosed_quote", None, None, None]


def test_mixed_line_endings_and_bom(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\n1,2\r3,4\n5,6")
    assert header_fields(path) == ["a", "b"]
    assert [fields for _, fields, _ in records(path, 2)] == [["1", "2"], ["3", "4"], ["5", "6"]]


def test_invalid_utf8_names_file_and_line_without_content(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(b"customer_id,email\nc1,ann@example.com\nc2,b\xffob@example.com\n")
    with pytest.raises(RawFileError, match=r"customers.csv, line 3: not valid UTF-8") as error:
        special_records(path, 2)
    assert "example.com" not in str(error.value)


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(',"\n '),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(cells, min_size=4, max_size=4), max_size=12),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_valid_csv_gives_back_exactly_its_rows(tmp_path_factory, rows, newline):
    """Whatever a well-formed CSV holds, the reader finds its rows, no more, no less."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows([HEADER, *rows])
    path = write(tmp_path_factory.mktemp("valid"), buffer.getvalue())
    found = records(path, 4)
    assert [fields for _, fields, _ in found] == rows
    assert all(error is None for _, _, error in found)
