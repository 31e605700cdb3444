"""Compare the published tables of two warehouse files, row for row.

An incremental build (raw batches loaded one run after another) must publish
the same rows as a full rebuild on the union of the batches. Columns that
describe the run rather than the data (:data:`RUN_METADATA_COLUMNS`) are left
out; floating-point columns are compared rounded to :data:`FLOAT_DIGITS`
decimals, since a sum of doubles depends on the order rows are added in.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "main"
#: Columns that say which run built a row, never what the data holds.
RUN_METADATA_COLUMNS = frozenset({"dbt_invocation_id", "run_number"})
FLOAT_DIGITS = 9
_FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL"}


def _columns(connection: duckdb.DuckDBPyConnection, database: str) -> dict[str, list]:
    rows = connection.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? order by table_name, ordinal_position",
        [database, PUBLISHED_SCHEMA],
    ).fetchall()
    tables: dict[str, list] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def _expression(column: str, data_type: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    if data_type in _FLOAT_TYPES:
        return f"round({quoted}, {FLOAT_DIGITS}) as {quoted}"
    return quoted


def published_differences(
    left: Path,
    right: Path,
    *,
    tables: list[str] | None = None,
    skip_columns: frozenset[str] = RUN_METADATA_COLUMNS,
    where: dict[str, str] | None = None,
) -> dict[str, str]:
    """``{table: what differs}`` between the published tables of two warehouses.

    Parameters
    ----------
    left, right : Path
        DuckDB warehouse files, opened read-only.
    tables : list of str, optional
        The tables to compare; default every published table of either file.
    skip_columns : frozenset of str
        Column names left out of the comparison.
    where : dict, optional
        ``{table: condition}`` restricting the rows compared in both files.

    Returns
    -------
    dict
        Empty when every table holds the same multiset of rows in both files.
    """
    where = where or {}
    differences = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{left}' as left_db (read_only)")
        connection.execute(f"attach '{right}' as right_db (read_only)")
        left_tables = _columns(connection, "left_db")
        right_tables = _columns(connection, "right_db")
        for table in sorted(tables or set(left_tables) | set(right_tables)):
            if left_tables.get(table) != right_tables.get(table):
                differences[table] = "missing or with other columns in one file"
                continue
            columns = ", ".join(
                _expression(column, data_type)
                for column, data_type in left_tables[table]
                if column not in skip_columns
            )
            condition = f" where {where[table]}" if table in where else ""
            counts = []
            for first, second in (("left_db", "right_db"), ("right_db", "left_db")):
                counts.append(
                    connection.execute(
                        f"select count(*) from (select {columns} from {first}.main.{table}"
                        f"{condition} except all select {columns} from "
                        f"{second}.main.{table}{condition})"
                    ).fetchone()[0]
                )
            if any(counts):
                differences[table] = f"{counts[0]} rows only in {left}, {counts[1]} only in {right}"
    return differences
