"""Land the raw directory for a Spark build: the records our own reader finds.

Spark's CSV reader resynchronises after a broken quote the way the warehouse
must not (see :mod:`segwarehouse.raw_records`), and a dbt macro cannot call
Python. So before dbt runs on Spark, :func:`land_raw_directory` reads every
raw CSV file with the same reader the DuckDB build uses and writes its records
as Parquet (``source_row_number``, ``source_line_number``,
``source_record_error``, ``fields``), one file per raw file, under a landing
directory; it lists every raw file with its header in the table
``raw_landing.files``. The on-run-start hook ``register_raw_sources``
(``spark__`` versions of the raw macros) then builds ``raw.<table>`` from that
list with the same header and quarantine rules as on DuckDB. Parquet raw files
are not copied: Spark reads them in place.

The records of one file are built on the driver (the reader is sequential);
files of many millions of lines belong in Parquet, which Spark reads in
parallel.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from segwarehouse.raw_records import header_fields, read_lines, special_records

LANDING_SCHEMA = "raw_landing"
RECORD_SCHEMA = pa.schema(
    [
        ("source_row_number", pa.int64()),
        ("source_line_number", pa.int64()),
        ("source_record_error", pa.string()),
        ("fields", pa.list_(pa.string())),
    ]
)


def csv_records(path: str | Path, column_count: int) -> pa.Table:
    """Every record of the CSV file ``path`` after its header, in file order.

    A plain line (no quote, at most ``column_count`` fields) is split on
    commas; the other records come from
    :func:`segwarehouse.raw_records.special_records`. Empty lines hold no
    record. The same records, numbers and errors as the DuckDB reader
    (``duckdb__raw_reader_sql``).
    """
    special = special_records(path, column_count)
    covered = {
        line for record in special for line in range(record["first_line"], record["last_line"] + 1)
    }
    records = [
        (number, line.split(","), None)
        for number, line in enumerate(read_lines(path), start=1)
        if number > 1 and line != "" and number not in covered
    ]
    records += [(record["first_line"], record["fields"], record["error"]) for record in special]
    records.sort(key=lambda record: record[0])
    return pa.table(
        {
            "source_row_number": pa.array(range(1, len(records) + 1), pa.int64()),
            "source_line_number": pa.array([record[0] for record in records], pa.int64()),
            "source_record_error": pa.array([record[2] for record in records], pa.string()),
            "fields": pa.array([record[1] for record in records], pa.list_(pa.string())),
        },
        schema=RECORD_SCHEMA,
    )


def raw_files(raw_dir: str | Path) -> list[tuple[str, Path]]:
    """(table_name, path) of every raw file: ``<table>.<format>`` files at
    the top of ``raw_dir`` and every file under a ``<table>/`` folder, at
    any depth (a batch of files of one table), in path order. Names without
    an extension and hidden files are not data."""
    files = []
    for path in sorted(Path(raw_dir).iterdir()):
        if path.is_dir() and not path.name.startswith("."):
            files += [
                (path.name, inner)
                for inner in sorted(path.rglob("*"))
                if inner.is_file() and "." in inner.name and not inner.name.startswith(".")
            ]
        elif path.is_file() and "." in path.name:
            files.append((path.name.split(".", 1)[0], path))
    return files


def raw_file_rows(raw_dir: str | Path, landing_dir: str | Path) -> list[tuple]:
    """One row per raw file (:func:`raw_files`): (table_name, path, format,
    header, records_path). CSV files are read and their records written
    under ``landing_dir`` (one Parquet file per raw file, named after its
    path in ``raw_dir``); other files are listed as they are (the raw macros
    reject what is neither CSV nor Parquet, naming the file)."""
    landing = Path(landing_dir)
    landing.mkdir(parents=True, exist_ok=True)
    rows = []
    for table_name, path in raw_files(raw_dir):
        extension = path.name.split(".", 1)[1].lower()
        header, records_path = None, None
        if extension == "csv":
            header = header_fields(path)
            relative = path.relative_to(raw_dir).with_suffix("")
            records_path = str((landing / f"{'__'.join(relative.parts)}.parquet").resolve())
            pq.write_table(csv_records(path, len(header)), records_path)
        elif extension == "parquet":
            header = pq.read_schema(path).names
        rows.append((table_name, str(path.resolve()), extension, header, records_path))
    return rows


def land_raw_directory(spark, raw_dir: str | Path, landing_dir: str | Path) -> int:
    """Write the records of every raw CSV file under ``landing_dir`` and
    (re)create ``raw_landing.files`` listing the files of ``raw_dir``.

    Returns
    -------
    int
        The number of files listed.

    Raises
    ------
    FileNotFoundError
        When ``raw_dir`` is not a directory.
    """
    if not Path(raw_dir).is_dir():
        raise FileNotFoundError(
            f"Raw data directory '{raw_dir}' does not exist: pass an existing directory "
            "(var raw_path or SEGMENTS_RAW_PATH, see docs/data-contract.md)."
        )
    rows = raw_file_rows(raw_dir, landing_dir)
    schema = (
        "table_name string, path string, format string, header array<string>, records_path string"
    )
    spark.sql(f"create schema if not exists {LANDING_SCHEMA}")
    spark.createDataFrame(rows, schema).write.mode("overwrite").format("parquet").saveAsTable(
        f"{LANDING_SCHEMA}.files"
    )
    return len(rows)
