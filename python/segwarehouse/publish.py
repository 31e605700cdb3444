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
publication stays as it was; so does a publish step that fails half-way (the
new copy is complete and on disk before anything is swapped). Table and column
comments (dbt ``persist_docs``) are copied along with the data. Publishers
take an exclusive lock on ``<out>/.publish.lock``, so two of them never
interleave; each one removes the leftovers of interrupted earlier runs and
every Parquet version but the one it published.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from segwarehouse.dbt_runner import PROJECT_ROOT, run_dbt

PUBLISHED_SCHEMA = "main"
DUCKDB_NAME = "warehouse.duckdb"
PARQUET_LINK = "parquet"
LOCK_NAME = ".publish.lock"
STAGING_PREFIX = f".{DUCKDB_NAME}."
PARQUET_VERSION_PREFIX = ".parquet-"


class PublishError(RuntimeError):
    """The publication cannot be written; the previous one is left as it was."""


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


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_path(path: Path) -> str:
    return _sql_literal(str(path))


def _copy_comments(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    """Copy the table and column comments of ``build.main.<table>`` to ``main``."""
    name = _quoted(table)
    table_comment = connection.execute(
        "select comment from duckdb_tables() "
        "where database_name = 'build' and schema_name = ? and table_name = ?",
        [PUBLISHED_SCHEMA, table],
    ).fetchone()
    if table_comment and table_comment[0]:
        connection.execute(f"comment on table main.{name} is {_sql_literal(table_comment[0])}")
    column_comments = connection.execute(
        "select column_name, comment from duckdb_columns() "
        "where database_name = 'build' and schema_name = ? and table_name = ? "
        "and comment is not null and comment != ''",
        [PUBLISHED_SCHEMA, table],
    ).fetchall()
    for column, comment in column_comments:
        connection.execute(
            f"comment on column main.{name}.{_quoted(column)} is {_sql_literal(comment)}"
        )


def _write_copy(source_db: Path, staging_db: Path, parquet_dir: Path) -> tuple[str, ...]:
    """Copy every published table, with its comments, into ``staging_db`` and ``parquet_dir``."""
    if not source_db.is_file():
        raise PublishError(f"no built warehouse to publish at {source_db}")
    parquet_dir.mkdir(parents=True)
    with duckdb.connect(str(staging_db)) as connection:
        try:
            connection.execute(f"attach {_sql_path(source_db)} as build (read_only)")
        except duckdb.IOException as error:
            raise PublishError(_busy_message(source_db, error)) from None
        tables = published_tables(connection, "build")
        if not tables:
            raise PublishError(
                f"{source_db} has no tables in schema {PUBLISHED_SCHEMA}: nothing to publish "
                "(build the warehouse first)"
            )
        for table in tables:
            name = _quoted(table)
            connection.execute(f"create table main.{name} as select * from build.main.{name}")
            _copy_comments(connection, table)
            connection.execute(
                f"copy main.{name} to {_sql_path(parquet_dir / (table + '.parquet'))} "
                "(format parquet)"
            )
        connection.execute("detach build")
        connection.execute("checkpoint")
    _fsync(staging_db)
    for parquet_file in parquet_dir.iterdir():
        _fsync(parquet_file)
    _fsync(parquet_dir)
    return tuple(tables)


def _fsync(path: Path) -> None:
    """Flush ``path`` (file or directory) to disk, so a rename never exposes a torn copy."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def _publish_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for one publication."""
    with open(out_dir / LOCK_NAME, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _remove_leftovers(out_dir: Path, keep: Path | None) -> None:
    """Remove staging files of interrupted runs and every Parquet version but ``keep``.

    Only called under the publish lock, so no other publisher is writing them.
    """
    for path in out_dir.iterdir():
        name = path.name
        is_staging_file = name.startswith(STAGING_PREFIX) and ".tmp" in name
        is_temporary_link = name.startswith(f".{PARQUET_LINK}.") and name.endswith(".tmp")
        if is_staging_file or is_temporary_link:
            path.unlink(missing_ok=True)
        elif (
            name.startswith(PARQUET_VERSION_PREFIX)
            and path.is_dir()
            and not path.is_symlink()
            and (keep is None or name != keep.name)
        ):
            shutil.rmtree(path, ignore_errors=True)


def _swap_link(link: Path, target: Path) -> None:
    """Point symbolic link ``link`` at ``target`` (a sibling) atomically."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.name)
    os.replace(temporary, link)


def _current_parquet_version(out_dir: Path) -> Path | None:
    """The versioned directory the Parquet link points at, if any."""
    link = out_dir / PARQUET_LINK
    return link.resolve() if link.is_symlink() else None


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
    link = out_dir / PARQUET_LINK
    if link.exists() and not link.is_symlink():
        raise PublishError(
            f"{link} is a real directory; the publish step owns that path and swaps it as a "
            "symbolic link. Move it away and publish again."
        )
    with _publish_lock(out_dir):
        # Leftovers of an interrupted run (killed between writing and swapping).
        _remove_leftovers(out_dir, keep=_current_parquet_version(out_dir))
        version = f"{os.getpid()}-{os.urandom(4).hex()}"
        staging_db = out_dir / f"{STAGING_PREFIX}{version}.tmp"
        parquet_version = out_dir / f"{PARQUET_VERSION_PREFIX}{version}"
        try:
            tables = _write_copy(Path(source_db), staging_db, parquet_version)
        except BaseException:
            staging_db.unlink(missing_ok=True)
            staging_db.with_name(staging_db.name + ".wal").unlink(missing_ok=True)
            shutil.rmtree(parquet_version, ignore_errors=True)
            raise
        # Both copies are complete and on disk; only renames from here on.
        # A write-ahead log left by someone who opened the publication for
        # writing would be replayed against the new file, and DuckDB refuses
        # to open a file whose WAL does not match it.
        (out_dir / f"{DUCKDB_NAME}.wal").unlink(missing_ok=True)
        os.replace(staging_db, out_dir / DUCKDB_NAME)
        _swap_link(link, parquet_version)
        _fsync(out_dir)
        _remove_leftovers(out_dir, keep=parquet_version)
    return Publication(out_dir / DUCKDB_NAME, link, tables)


BUILD_STATUS_TABLE = "meta.build_status"


def check_build_passed(source_db: Path) -> None:
    """Raise PublishError unless the last command that wrote ``source_db`` was a
    whole ``dbt build`` that passed (``meta.build_status``, written by the
    project's run hooks)."""
    source_db = Path(source_db)
    if not source_db.is_file():
        raise PublishError(f"no built warehouse to publish at {source_db}")
    try:
        with duckdb.connect(str(source_db), read_only=True) as connection:
            row = None
            has_status = connection.execute(
                "select count(*) from duckdb_tables() "
                "where schema_name = 'meta' and table_name = 'build_status'"
            ).fetchone()[0]
            if has_status:
                row = connection.execute(
                    f"select command, state, is_selection from {BUILD_STATUS_TABLE}"
                ).fetchone()
    except duckdb.IOException as error:
        raise PublishError(_busy_message(source_db, error)) from None
    if not has_status or row is None:
        problem = "records no dbt build"
    elif row[1] != "passed":
        problem = f"was last written by a dbt {row[0]} that {row[1]}"
    elif row[0] != "build" or row[2]:
        problem = f"was last written by a dbt {row[0]} of a selection, not a whole dbt build"
    else:
        return
    raise PublishError(
        f"{source_db} {problem}; publishing it could replace a good publication with a "
        "broken or partial one. Run `dbt build` (or publish --build), or pass --force"
    )


def _busy_message(db_path: Path, error: Exception) -> str:
    """One sentence for a DuckDB lock conflict; the error text otherwise."""
    if "lock" in str(error).lower():
        return (
            f"{db_path} is in use by another process (a build still running?); "
            "wait for it to finish"
        )
    return str(error).splitlines()[0]


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
    parser.add_argument(
        "--force",
        action="store_true",
        help="publish even when the last dbt build of --db did not pass or was partial",
    )
    args, dbt_args = parser.parse_known_args(argv)
    db_path = args.db if args.db.is_absolute() else PROJECT_ROOT / args.db
    out_dir = args.out if args.out.is_absolute() else PROJECT_ROOT / args.out
    if dbt_args and not args.build:
        parser.error(f"unknown arguments {dbt_args} (dbt arguments need --build)")
    try:
        if args.build:
            return build_and_publish(db_path, out_dir, dbt_args)
        if not args.force:
            check_build_passed(db_path)
        publication = publish(db_path, out_dir)
    except PublishError as error:
        print(f"publish failed: {error}; the publication in {out_dir} was left unchanged.")
        return 1
    print(f"Published {len(publication.tables)} tables to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
