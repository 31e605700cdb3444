"""Physical records of a raw CSV file, found without trusting one parser's recovery.

A CSV parser that meets an unclosed quote reads on until the next quote, so
one broken field can swallow thousands of records without an error. This
module finds the records itself, line by line:

- a line without a quote character is one record (split on commas);
- a line whose quotes balance and that parses as CSV is one record (a quote
  inside an unquoted field, ``ab"c``, is kept as a character, as most CSV
  readers do);
- a line with an opening quote that does not close on it starts a record that
  spans up to the next line with an odd number of quotes, but only if the
  joined text parses as exactly one CSV record of at most the header's
  fields, and no line in between is a complete record by itself (a real
  multi-line value rarely holds a line with exactly the header's number of
  fields; one such line is allowed when the joined record has exactly the
  header's fields); otherwise the opening line alone is a malformed record and the
  next line starts afresh.

So a broken quote costs only the line it is on. Lines are split at ``\\r\\n``,
``\\n`` or ``\\r`` (mixed line endings allowed), the way the warehouse's SQL
splits them (``regexp_split_to_array``), so both agree on line numbers. Empty
lines outside a quoted value hold no record.

:func:`special_records` returns only the records that are not a plain line
(quoted, multi-line or malformed); the SQL that reads the file takes every
other non-empty line as one record. Error messages name the file and line,
never the content of a line (it may hold personal data).
"""

from __future__ import annotations

import csv
import re
from itertools import accumulate, pairwise
from pathlib import Path

LINE_BREAK = re.compile(r"\r\n|\n|\r")
UNCLOSED_QUOTE = "unclosed_quote"
BAD_QUOTE = "bad_quote"
TOO_MANY_FIELDS = "too_many_fields"


class RawFileError(ValueError):
    """A raw file that cannot be read at all; the message names file and line."""


def read_lines(path: str | Path) -> list[str]:
    """The lines of ``path`` (UTF-8, a leading BOM dropped), line 1 first.

    Raises
    ------
    RawFileError
        When the file is not valid UTF-8 (names the line of the first bad byte).
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = len(LINE_BREAK.split(data[: error.start].decode("utf-8", "replace")))
        raise RawFileError(
            f"Raw file {path}, line {line}: not valid UTF-8 (byte {error.start + 1}); "
            "save the file as UTF-8."
        ) from None
    return LINE_BREAK.split(text)


def parse_record(text: str) -> list[str] | None:
    """The fields of ``text`` as one strict CSV record, or None when it is not one."""
    try:
        rows = list(csv.reader([text], strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def header_fields(path: str | Path) -> list[str]:
    """The column names in line 1 of ``path`` (as written; not trimmed)."""
    lines = read_lines(path)
    fields = parse_record(lines[0]) if lines and lines[0] else None
    if not fields:
        raise RawFileError(f"Raw file {path}, line 1: no readable CSV header row.")
    return fields


def _is_complete(line: str, column_count: int) -> bool:
    """Whether ``line`` alone is a record with exactly ``column_count`` fields."""
    if '"' not in line:
        return line.count(",") == column_count - 1
    fields = parse_record(line)
    return fields is not None and len(fields) == column_count


def special_records(path: str | Path, column_count: int) -> list[dict]:
    """The records of ``path`` that are not a plain line, in file order.

    Parameters
    ----------
    path : str or Path
        A CSV file whose line 1 is the header.
    column_count : int
        Number of fields in the header.

    Returns
    -------
    list of dict
        ``first_line``, ``last_line`` (1-based, inclusive), ``fields`` (the
        values; for a malformed record the line split on commas) and
        ``error`` (None, ``unclosed_quote``, ``bad_quote`` or
        ``too_many_fields``). A malformed record has no fields: they cannot be
        trusted to sit in their columns (a name could land in a column that
        is not treated as personal data). Every other non-empty line after line 1 is a
        record of its own whose fields are the line split on commas.
    """
    lines = read_lines(path)
    quoted = [index for index in range(1, len(lines)) if '"' in lines[index]]
    too_long = [
        index
        for index in range(1, len(lines))
        if lines[index].count(",") >= column_count and '"' not in lines[index]
    ]
    odd = [index for index in quoted if lines[index].count('"') % 2 == 1]
    next_odd = dict(pairwise(odd))
    # Lines that are a whole record by themselves, counted up to each line;
    # only needed (and worth a pass over the file) when some quote is open.
    complete_before = (
        [0, *accumulate(int(_is_complete(line, column_count)) for line in lines)] if odd else []
    )
    records = []
    covered_until = 0
    for index in sorted(quoted + too_long):
        if index <= covered_until:
            continue
        line = lines[index]
        fields = parse_record(line) if '"' in line else line.split(",")
        if fields is not None and len(fields) > column_count:
            records.append(_record(index, index, [], TOO_MANY_FIELDS))
            continue
        if fields is not None:
            records.append(_record(index, index, fields, None))
            continue
        closing = next_odd.get(index) if line.count('"') % 2 else None
        if closing is not None:
            joined = parse_record("\n".join(lines[index : closing + 1]))
            inner_complete = complete_before[closing] - complete_before[index + 1]
            if joined is not None and _plausible(len(joined), inner_complete, column_count):
                records.append(_record(index, closing, joined, None))
                covered_until = closing
                continue
        error = UNCLOSED_QUOTE if line.count('"') % 2 else BAD_QUOTE
        records.append(_record(index, index, [], error))
    return records


def _plausible(field_count: int, inner_complete: int, column_count: int) -> bool:
    """Whether lines joined into a record of ``field_count`` fields, with
    ``inner_complete`` whole-record lines between its first and last line,
    are one real record rather than a broken quote swallowing others."""
    if field_count > column_count:
        return False
    return inner_complete == 0 or (field_count == column_count and inner_complete == 1)


def _record(first: int, last: int, fields: list[str], error: str | None) -> dict:
    return {"first_line": first + 1, "last_line": last + 1, "fields": fields, "error": error}
