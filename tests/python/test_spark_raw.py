"""The records a Spark build lands for raw CSV files (segwarehouse.spark_raw).

They must be the records the DuckDB build reads (``duckdb__raw_reader_sql``):
plain lines split on commas, quoted and multi-line records parsed, a broken
quote or too many fields costing that record only, empty lines skipped, and
rows numbered in file order. No Spark needed.
"""

from __future__ import annotations

import pyarrow.parquet as pq

from segwarehouse.spark_raw import csv_records, raw_file_rows

HEADER = "order_id,customer_id,note"


def test_records_follow_the_reader_rules(tmp_path):
    path = tmp_path / "order_lines.csv"
    lines = [
        HEADER,
        "o1,c1,plain",
        '"o2",c2,"two',
        'lines"',
        'o3,"c3,broken',
        "",
        "o4,c4,x,extra",
        "o5,c5,",
    ]
    path.write_text("\r\n".join(lines) + "\n")
    records = csv_records(path, 3).to_pylist()
    assert records == [
        {
            "source_row_number": 1,
            "source_line_number": 2,
            "source_record_error": None,
            "fields": ["o1", "c1", "plain"],
        },
        {
            "source_row_number": 2,
            "source_line_number": 3,
            "source_record_error": None,
            "fields": ["o2", "c2", "two\nlines"],
        },
        {
            "source_row_number": 3,
            "source_line_number": 5,
            "source_record_error": "unclosed_quote",
            "fields": [],
        },
        {
            "source_row_number": 4,
            "source_line_number": 7,
            "source_record_error": "too_many_fields",
            "fields": [],
        },
        {
            "source_row_number": 5,
            "source_line_number": 8,
            "source_record_error": None,
            "fields": ["o5", "c5", ""],
        },
    ]


def test_raw_file_rows_list_every_file_and_land_csv_records(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "customers.csv").write_text("customer_id, Email\nc1,a@example.com\n")
    (raw / "notes.txt").write_text("not a table\n")
    rows = raw_file_rows(raw, tmp_path / "landing")
    by_table = {row[0]: row for row in rows}
    assert sorted(by_table) == ["customers", "notes"]
    _, path, file_format, header, records_path = by_table["customers"]
    assert (path, file_format, header) == (
        str(raw / "customers.csv"),
        "csv",
        ["customer_id", " Email"],
    )
    assert pq.read_table(records_path).column("fields").to_pylist() == [["c1", "a@example.com"]]
    assert by_table["notes"][2:] == ("txt", None, None)


def test_raw_file_rows_list_every_file_of_a_table_folder(tmp_path):
    raw = tmp_path / "raw"
    (raw / "order_lines" / "2024" / "01").mkdir(parents=True)
    (raw / "order_lines" / "a.csv").write_text("order_id\no1\n")
    (raw / "order_lines" / "2024" / "01" / "a.csv").write_text("order_id\no2\n")
    (raw / "order_lines" / ".hidden.csv").write_text("order_id\nx\n")
    (raw / "customers.csv").write_text("customer_id\nc1\n")
    rows = raw_file_rows(raw, tmp_path / "landing")
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("customers", str(raw / "customers.csv"), "csv"),
        ("order_lines", str(raw / "order_lines" / "2024" / "01" / "a.csv"), "csv"),
        ("order_lines", str(raw / "order_lines" / "a.csv"), "csv"),
    ]
    landed = [pq.read_table(row[4]).column("fields").to_pylist() for row in rows]
    assert landed == [[["c1"]], [["o2"]], [["o1"]]]
