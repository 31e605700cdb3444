"""Split raw CSV tables into a folder of batch files (one per day or period).

The incremental load reads a raw table from a folder ``<table>/`` of files
(docs/incremental.md). These helpers write such folders from one CSV file,
byte for byte per record, so a build on the folder and a build on the file
see the same raw values.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from ..raw_records import header_fields, read_lines, special_records


def csv_records(path: Path) -> tuple[str, list[str]]:
    """The header line and the data records of a CSV file whose records are
    one line each (raises when a record spans lines or is malformed: those
    cannot be moved between files line by line)."""
    if special_records(path, len(header_fields(path))):
        raise ValueError(f"{path} has multi-line or malformed records; split it by hand")
    lines = read_lines(path)
    return lines[0], [line for line in lines[1:] if line]


def field_of(header: str, name: str) -> Callable[[str], str]:
    """A function returning field ``name`` of a record line of this header."""
    position = next(csv.reader([header])).index(name)
    return lambda line: next(csv.reader([line]))[position]


def write_batch(directory: Path, key: str, header: str, records: Iterable[str]) -> Path:
    """Write ``records`` under ``header`` to ``directory/key`` (folders made)."""
    path = directory / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *records]) + "\n", encoding="utf-8")
    return path


def split_by_key(records: Iterable[str], key_of: Callable[[str], str]) -> dict[str, list[str]]:
    """``{key: records}`` in file order within each key."""
    groups: dict[str, list[str]] = {}
    for record in records:
        groups.setdefault(key_of(record), []).append(record)
    return groups
