"""dbt-duckdb plugin (``profiles.yml``): the SQL functions the raw-file reader calls.

- ``segments_csv_header(path)``: the header fields of a CSV file (text[]);
- ``segments_csv_records(path, column_count)``: its records that are not a
  plain line (see :func:`segwarehouse.raw_records.special_records`);
- ``segments_pii_salt(default)``: the environment variable
  ``SEGMENTS_PII_SALT``, or ``default`` when it is unset or blank. Read at
  run time, so the secret never appears in compiled SQL, ``target/`` or
  ``logs/`` (dbt records the values of ``env_var()`` calls in its artefacts).

Both raise with a message naming the file and line when the file cannot be
read (never quoting its content).
"""

from __future__ import annotations

import os

from dbt.adapters.duckdb.plugins import BasePlugin

from segwarehouse.raw_records import header_fields, special_records

RECORD_TYPE = "STRUCT(first_line BIGINT, last_line BIGINT, fields VARCHAR[], error VARCHAR)[]"


def pii_salt(default: str) -> str:
    """``SEGMENTS_PII_SALT``, or ``default`` when it is unset or blank."""
    salt = os.environ.get("SEGMENTS_PII_SALT", "")
    return salt if salt.strip() else default


def _register(connection) -> None:
    functions = [
        ("segments_csv_header", header_fields, ["VARCHAR"], "VARCHAR[]"),
        ("segments_csv_records", special_records, ["VARCHAR", "BIGINT"], RECORD_TYPE),
        ("segments_pii_salt", pii_salt, ["VARCHAR"], "VARCHAR"),
    ]
    for name, function, parameters, return_type in functions:
        connection.create_function(name, function, parameters, return_type, side_effects=False)


class Plugin(BasePlugin):
    """Registers the raw-reader functions on the connection (its cursors share them)."""

    def configure_connection(self, conn) -> None:
        _register(conn)
