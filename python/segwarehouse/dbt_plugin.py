"""dbt-duckdb plugin (``profiles.yml``): the SQL functions the raw-file reader calls.

- ``segments_csv_header(path)``: the header fields of a CSV file (text[]);
- ``segments_csv_records(path, column_count)``: its records that are not a
  plain line (see :func:`segwarehouse.raw_records.special_records`).

Both raise with a message naming the file and line when the file cannot be
read (never quoting its content).
"""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

from segwarehouse.raw_records import header_fields, special_records

RECORD_TYPE = "STRUCT(first_line BIGINT, last_line BIGINT, fields VARCHAR[], error VARCHAR)[]"


def _register(connection) -> None:
    functions = [
        ("segments_csv_header", header_fields, ["VARCHAR"], "VARCHAR[]"),
        ("segments_csv_records", special_records, ["VARCHAR", "BIGINT"], RECORD_TYPE),
    ]
    for name, function, parameters, return_type in functions:
        connection.create_function(name, function, parameters, return_type, side_effects=False)


class Plugin(BasePlugin):
    """Registers the raw-reader functions on the connection (its cursors share them)."""

    def configure_connection(self, conn) -> None:
        _register(conn)
