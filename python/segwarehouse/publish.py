"""Publish the marts where BI tools can read them while the next build runs.

DuckDB allows one writer per file, and any other process holding the build file
open (even read-only) makes ``dbt build`` fail. So BI tools never open the build
file: after a successful build, every table of schema ``main`` is copied to

- ``<out>/warehouse.duckdb``: a separate DuckDB file, written under a temporary
  name and swapped in with an atomic rename, and
- ``<out>/parquet/<table>.parquet``: one Parquet file per table; ``parquet`` is a
  symbolic link to a versioned directory, also swapped atomically.

A reader that holds the old file open keeps its consistent old copy; the next
connection sees the new one. A failed build publishes nothing, so the previous
publication stays as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from segwarehouse.dbt_runner import PROJECT_ROOT, run_dbt

PUBLISHED_SCHEMA = "main"
DUCKDB_NAME = "warehouse.duckdb"
PARQUET_LINK = "parquet"


@dataclass(frozen=True)
class Publication:
    """What one publish call wrote.

    Attributes
    ----------
    duckdb_path : Path
        The published DuckDB file.
    parquet_dir : Path
        The stable path (a symbolic link) of the Parquet directory.
    tables : tuple of str
        Names of the published tables.
    """

    duckdb_path: Path
    parquet_dir: Path
    tables: tuple[str, ...]


def published_tables(connection: duckdb.DuckDBPyConnection, database: str) -> list[str]:
    """Names of the base tables in schema ``main`` of ``database``, sorted."""
    rows = connection.execute(
        "select table_name from duckdb_tables() "
        "where database_name = ? and schema_name = ? order by table_name",
        [database, PUBLISHED_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _write_copy(source_db: Path, staging_db: Path, parquet_dir: Path) -> tuple[str, ...]:
    """Copy every published table into ``staging_db`` and ``parquet_dir``."""
    parquet_dir.mkdir(parents=True)
    with duckdb.connect(str(staging_db)) as connection:
        connection.execute(f"attach {_sql_path(source_db)} as build (read_only)")
        tables = published_tables(connection, "build")
        for table in tables:
            name = _quoted(table)
            connection.execute(f"create table main.{name} as select * from build.main.{name}")
            connection.execute(
                f"copy main.{name} to {_sql_path(parquet_dir / (table + '.parquet'))} "
                "(format parquet)"
            )
        connection.execute("detach build")
    return tuple(tables)


def _swap_link(link: Path, target: Path) -> Path | None:
    """Point symbolic link ``link`` at ``target`` atomically; return the old target."""
    old_target = link.resolve() if link.is_symlink() else None
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.name)
    os.replace(temporary, link)
    return old_target


def publish(source_db: Path, out_dir: Path) -> Publication:
    """Copy the marts of ``source_db`` to ``out_dir`` (DuckDB file + Parquet).

    Parameters
    ----------
    source_db : Path
        The freshly built warehouse file.
    out_dir : Path
        Publication directory (created if missing).

    Returns
    -------
    Publication
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    version = f"{os.getpid()}-{os.urandom(4).hex()}"
    staging_db = out_dir / f".{DUCKDB_NAME}.{version}.tmp"
    parquet_version = out_dir / f".parquet-{version}"
    try:
        tables = _write_copy(Path(source_db), staging_db, parquet_version)
    except BaseException:
        staging_db.unlink(missing_ok=True)
        shutil.rmtree(parquet_version, ignore_errors=True)
        raise
    os.replace(staging_db, out_dir / DUCKDB_NAME)
    old_parquet = _swap_link(out_dir / PARQUET_LINK, parquet_version)
    if old_parquet is not None and old_parquet != parquet_version.resolve():
        shutil.rmtree(old_parquet, ignore_errors=True)
    return Publication(out_dir / DUCKDB_NAME, out_dir / PARQUET_LINK, tables)


def build_and_publish(
    db_path: Path, out_dir: Path, dbt_args: list[str] | None = None, work_dir: Path | None = None
) -> int:
    """Run ``dbt build`` into ``db_path``; publish only when it succeeded.

    Returns dbt's exit code (0 when built and published).
    """
    work_dir = Path(work_dir) if work_dir else PROJECT_ROOT
    result = run_dbt(
        ["build", *(dbt_args or [])],
        db_path=Path(db_path),
        work_dir=work_dir,
        timeout=None,
        capture=False,
    )
    if not result.ok:
        print(f"dbt build failed: the publication in {out_dir} was left unchanged.")
        return result.returncode
    publication = publish(Path(db_path), Path(out_dir))
    print(
        f"Published {len(publication.tables)} tables to {publication.duckdb_path} "
        f"and {publication.parquet_dir}/"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m segwarehouse.publish [--build] [--db F] [--out D]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, default=Path(os.environ.get("SEGMENTS_DB_PATH", "warehouse.duckdb"))
    )
    parser.add_argument(
        "--out", type=Path, default=Path(os.environ.get("SEGMENTS_PUBLISH_DIR", "publish"))
    )
    parser.add_argument(
        "--build", action="store_true", help="run dbt build first; publish only if it passes"
    )
    args, dbt_args = parser.parse_known_args(argv)
    db_path = args.db if args.db.is_absolute() else PROJECT_ROOT / args.db
    out_dir = args.out if args.out.is_absolute() else PROJECT_ROOT / args.out
    if args.build:
        return build_and_publish(db_path, out_dir, dbt_args)
    publication = publish(db_path, out_dir)
    print(f"Published {len(publication.tables)} tables to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
