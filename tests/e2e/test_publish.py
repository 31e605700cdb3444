"""Publishing: BI readers never block a rebuild and never see a failed build."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from segwarehouse.publish import build_and_publish, publish

READER = textwrap.dedent(
    """
    import sys, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)
    query = "select string_agg(v, ',' order by v) from main.numbers"
    print(connection.execute(query).fetchone()[0], flush=True)
    sys.stdin.readline()
    print(connection.execute(query).fetchone()[0], flush=True)
    """
)


def make_build_db(path: Path, values: list[str]) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create or replace table main.numbers (v varchar)")
        connection.executemany("insert into main.numbers values (?)", [[v] for v in values])
        connection.execute("create schema if not exists staging")
        connection.execute("create or replace view staging.not_published as select 1 as x")
    return path


class Reader:
    """A second process that holds the published DuckDB file open read-only."""

    def __init__(self, db_path: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.first = self.process.stdout.readline().strip()

    def read_again(self) -> str:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        second = self.process.stdout.readline().strip()
        self.process.wait(timeout=30)
        return second


def read_numbers(db_path: Path) -> str:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        return connection.execute("select string_agg(v, ',' order by v) from numbers").fetchone()[0]


def test_publish_copies_main_tables_to_duckdb_and_parquet(tmp_path):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a", "b"])
    publication = publish(build_db, tmp_path / "pub")
    assert publication.tables == ("numbers",)
    assert read_numbers(publication.duckdb_path) == "a,b"
    parquet = publication.parquet_dir / "numbers.parquet"
    assert duckdb.execute(f"select count(*) from '{parquet}'").fetchone()[0] == 2
    assert not list((tmp_path / "pub").glob("*.tmp"))


def test_reader_holding_published_file_does_not_block_republish(tmp_path):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a"])
    out = tmp_path / "pub"
    publish(build_db, out)
    reader = Reader(out / "warehouse.duckdb")
    make_build_db(build_db, ["a", "b", "c"])
    publication = publish(build_db, out)
    assert reader.read_again() == reader.first == "a"
    assert read_numbers(publication.duckdb_path) == "a,b,c"
    versions = [p for p in out.iterdir() if p.name.startswith(".parquet-")]
    assert len(versions) == 1


ORDER_LINES = (
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price\n"
    "o1,c1,2024-01-05 10:00:00,p1,2,3.50\n"
    "o2,c2,2024-02-01,p2,1,4.00\n"
)


@pytest.mark.parametrize("broken_file", [pytest.param("order_lines.xlsx", id="not-csv")])
def test_failed_build_leaves_publication_intact(tmp_path, broken_file):
    good = tmp_path / "good"
    good.mkdir()
    (good / "order_lines.csv").write_text(ORDER_LINES)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / broken_file).write_text("garbage")
    out, db_path = tmp_path / "pub", tmp_path / "build.duckdb"

    def build(raw: Path) -> int:
        vars_arg = ["--vars", json.dumps({"raw_path": str(raw)})]
        return build_and_publish(db_path, out, vars_arg, work_dir=tmp_path / "work")

    assert build(good) == 0
    published = out / "warehouse.duckdb"
    before = published.read_bytes()
    with duckdb.connect(str(published), read_only=True) as held_open:
        assert build(broken) != 0
        tables = held_open.execute("select count(*) from duckdb_tables()").fetchone()[0]
    assert published.read_bytes() == before
    assert tables > 0
