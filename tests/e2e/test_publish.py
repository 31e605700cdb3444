"""Publishing: BI readers never block a rebuild and never see a failed build.

The reader is always a real second process (a Python subprocess holding the
published DuckDB file open read-only), because DuckDB's file locks only show
between processes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import duckdb
import pytest

from segwarehouse import publish as publish_module
from segwarehouse.publish import PublishError, build_and_publish, publish

# Prints, per published table, its row count (one JSON line); then waits for a
# line on stdin and prints the counts again over the SAME open connection.
READER = textwrap.dedent(
    """
    import json, sys, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)

    def counts():
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "order by table_name"
        ).fetchall()
        return {
            name: connection.execute(f'select count(*) from main."{name}"').fetchone()[0]
            for (name,) in tables
        }

    print(json.dumps(counts()), flush=True)
    sys.stdin.readline()
    print(json.dumps(counts()), flush=True)
    """
)


class Reader:
    """A second process that holds a DuckDB file open read-only until told to finish."""

    def __init__(self, db_path: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(db_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        assert line, "the reader process could not open the publication"
        self.first = json.loads(line)

    def is_holding(self) -> bool:
        return self.process.poll() is None

    def read_again(self) -> dict[str, int]:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        second = json.loads(self.process.stdout.readline())
        assert self.process.wait(timeout=30) == 0
        return second

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def reader():
    """``reader(path)`` starts a holding process; all are killed at teardown."""
    started: list[Reader] = []

    def start(db_path: Path) -> Reader:
        started.append(Reader(db_path))
        return started[-1]

    yield start
    for process in started:
        process.close()


def table_counts(db_path: Path) -> dict[str, int]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' order by 1"
        ).fetchall()
        return {
            name: connection.execute(f'select count(*) from main."{name}"').fetchone()[0]
            for (name,) in tables
        }


def snapshot(out: Path) -> dict[str, bytes | str]:
    """Every byte a BI tool could read from the publication directory."""
    files: dict[str, bytes | str] = {"parquet -> ": os.readlink(out / "parquet")}
    files["warehouse.duckdb"] = (out / "warehouse.duckdb").read_bytes()
    for path in sorted((out / "parquet").iterdir()):
        files[f"parquet/{path.name}"] = path.read_bytes()
    return files


def leftovers(out: Path) -> list[str]:
    """Staging files and Parquet versions that no reader can reach."""
    current = os.readlink(out / "parquet") if (out / "parquet").is_symlink() else None
    return sorted(
        path.name
        for path in out.iterdir()
        if path.name.endswith((".tmp", ".wal"))
        or (path.name.startswith(".parquet-") and path.name != current)
    )


# --- publish() on small hand-made build files (fast) -------------------------


def make_build_db(path: Path, values: list[str]) -> Path:
    with duckdb.connect(str(path)) as connection:
        connection.execute("create or replace table main.numbers (v varchar)")
        connection.executemany("insert into main.numbers values (?)", [[v] for v in values])
        connection.execute("comment on table main.numbers is 'One row per number.'")
        connection.execute("comment on column main.numbers.v is 'The number''s text.'")
        connection.execute("create schema if not exists staging")
        connection.execute("create or replace table staging.not_published as select 1 as x")
        connection.execute("create or replace view main.a_view as select 1 as x")
    return path


def test_publish_copies_main_tables_with_comments_to_duckdb_and_parquet(tmp_path):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a", "b"])
    publication = publish(build_db, tmp_path / "pub")
    assert publication.tables == ("numbers",)
    assert table_counts(publication.duckdb_path) == {"numbers": 2}
    with duckdb.connect(str(publication.duckdb_path), read_only=True) as connection:
        table_comment = connection.execute(
            "select comment from duckdb_tables() where table_name = 'numbers'"
        ).fetchone()[0]
        column_comment = connection.execute(
            "select comment from duckdb_columns() where table_name = 'numbers'"
        ).fetchone()[0]
    assert (table_comment, column_comment) == ("One row per number.", "The number's text.")
    parquet = publication.parquet_dir / "numbers.parquet"
    assert duckdb.execute(f"select count(*) from '{parquet}'").fetchone()[0] == 2
    assert sorted(p.name for p in publication.parquet_dir.iterdir()) == ["numbers.parquet"]
    assert leftovers(tmp_path / "pub") == []


def test_reader_holding_published_file_does_not_block_republish(tmp_path, reader):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a"])
    out = tmp_path / "pub"
    publish(build_db, out)
    holder = reader(out / "warehouse.duckdb")
    make_build_db(build_db, ["a", "b", "c"])
    publish(build_db, out)
    assert holder.is_holding()
    # The holder keeps its consistent old copy; a new connection sees the new one.
    assert holder.read_again() == holder.first == {"numbers": 1}
    assert table_counts(out / "warehouse.duckdb") == {"numbers": 3}
    assert leftovers(out) == []


def test_publish_removes_leftovers_of_an_interrupted_run(tmp_path):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a"])
    out = tmp_path / "pub"
    publish(build_db, out)
    # What a publisher killed between writing and swapping leaves behind.
    (out / ".parquet-999-dead").mkdir()
    (out / ".parquet-999-dead" / "numbers.parquet").write_bytes(b"half")
    (out / ".warehouse.duckdb.999-dead.tmp").write_bytes(b"half")
    (out / ".parquet.999.tmp").symlink_to(".parquet-999-dead")
    publish(build_db, out)
    assert leftovers(out) == []
    assert table_counts(out / "warehouse.duckdb") == {"numbers": 1}


LEAVE_A_WAL = textwrap.dedent(
    """
    import os, sys, duckdb
    connection = duckdb.connect(sys.argv[1])
    connection.execute("set checkpoint_threshold = '1TB'")
    connection.execute("create table main.scribble as select 1 as x")
    os._exit(0)  # crash: the change stays in the write-ahead log
    """
)


def test_a_stale_write_ahead_log_does_not_break_the_next_publication(tmp_path):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a"])
    out = tmp_path / "pub"
    publish(build_db, out)
    # Someone opened the publication for writing and crashed.
    subprocess.run([sys.executable, "-c", LEAVE_A_WAL, str(out / "warehouse.duckdb")], check=True)
    assert (out / "warehouse.duckdb.wal").exists()
    make_build_db(build_db, ["a", "b"])
    publish(build_db, out)
    assert table_counts(out / "warehouse.duckdb") == {"numbers": 2}


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("missing.duckdb", id="no-build-file"),
        pytest.param("empty.duckdb", id="no-tables"),
    ],
)
def test_publish_that_cannot_run_leaves_publication_intact(tmp_path, source):
    out = tmp_path / "pub"
    publish(make_build_db(tmp_path / "build.duckdb", ["a"]), out)
    before = snapshot(out)
    if source == "empty.duckdb":
        duckdb.connect(str(tmp_path / source)).close()
    with pytest.raises(PublishError):
        publish(tmp_path / source, out)
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_publish_failing_half_way_leaves_publication_intact(tmp_path, monkeypatch):
    build_db = make_build_db(tmp_path / "build.duckdb", ["a"])
    out = tmp_path / "pub"
    publish(build_db, out)
    before = snapshot(out)
    make_build_db(build_db, ["a", "b"])

    def disk_full(connection, table):
        raise OSError("No space left on device")

    monkeypatch.setattr(publish_module, "_copy_comments", disk_full)
    with pytest.raises(OSError, match="No space"):
        publish(build_db, out)
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_concurrent_publishers_do_not_interleave(tmp_path):
    build_db = make_build_db(tmp_path / "build.duckdb", [str(n) for n in range(1000)])
    out = tmp_path / "pub"
    errors: list[BaseException] = []

    def run() -> None:
        try:
            publish(build_db, out)
        except BaseException as error:  # reported by the assert below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert table_counts(out / "warehouse.duckdb") == {"numbers": 1000}
    assert leftovers(out) == []


def test_a_real_directory_named_parquet_is_not_replaced(tmp_path):
    out = tmp_path / "pub"
    (out / "parquet").mkdir(parents=True)
    (out / "parquet" / "mine.txt").write_text("user data")
    with pytest.raises(PublishError, match="real directory"):
        publish(make_build_db(tmp_path / "build.duckdb", ["a"]), out)
    assert (out / "parquet" / "mine.txt").read_text() == "user data"


# --- the demo build, published: contract marts and their documentation ------

CONTRACT_TABLES = {
    "customer_rfm",
    "customer_features",
    "product_pairs",
    "customer_segments",
    "segment_profiles",
}


@pytest.fixture(scope="module")
def demo_publication(demo_warehouse, tmp_path_factory) -> Path:
    """The demo build published into a fresh directory; returns that directory."""
    out = tmp_path_factory.mktemp("demo_publication")
    publish(demo_warehouse.db_path, out)
    return out


def test_publication_holds_every_main_table_of_the_build(demo_publication, demo_warehouse):
    built = {
        name
        for (name,) in demo_warehouse.query(
            "select table_name from duckdb_tables() where schema_name = 'main'"
        )
    }
    published = table_counts(demo_publication / "warehouse.duckdb")
    assert set(published) == built
    assert set(published) >= CONTRACT_TABLES
    for table, rows in published.items():
        assert rows == demo_warehouse.scalar(f'select count(*) from main."{table}"'), table
    parquet = {path.stem for path in (demo_publication / "parquet").iterdir()}
    assert parquet == set(published)
    rfm = demo_publication / "parquet" / "customer_rfm.parquet"
    assert (
        duckdb.execute(f"select count(*) from '{rfm}'").fetchone()[0] == published["customer_rfm"]
    )


def documented_columns(manifest_path: Path) -> dict[str, dict[str, str]]:
    """{table: {column: description}} of the table models dbt builds into schema main."""
    manifest = json.loads(manifest_path.read_text())
    documented: dict[str, dict[str, str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["schema"] != "main":
            continue
        if node["config"].get("materialized") not in ("table", "incremental"):
            continue
        documented[node["alias"]] = {
            name: column["description"].strip()
            for name, column in node["columns"].items()
            if column.get("description", "").strip()
        }
    return documented


def published_comments(db_path: Path) -> dict[str, dict[str, str | None]]:
    with duckdb.connect(str(db_path), read_only=True) as connection:
        rows = connection.execute(
            "select table_name, column_name, comment from duckdb_columns() "
            "where schema_name = 'main' and not internal"
        ).fetchall()
    comments: dict[str, dict[str, str | None]] = {}
    for table, column, comment in rows:
        comments.setdefault(table, {})[column] = comment
    return comments


def test_documented_columns_keep_their_descriptions_in_the_publication(
    demo_publication, demo_warehouse
):
    documented = documented_columns(demo_warehouse.result.target_path / "manifest.json")
    comments = published_comments(demo_publication / "warehouse.duckdb")
    assert sum(len(columns) for columns in documented.values()) > 20
    for table, columns in documented.items():
        for column, description in columns.items():
            comment = comments[table].get(column)
            assert comment is not None, f"{table}.{column}: comment not persisted"
            assert comment.strip() == description, f"{table}.{column}"


def test_every_published_table_and_column_is_described(demo_publication):
    with duckdb.connect(str(demo_publication / "warehouse.duckdb"), read_only=True) as connection:
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and coalesce(comment, '') = '' order by 1"
        ).fetchall()
        columns = connection.execute(
            "select table_name || '.' || column_name from duckdb_columns() "
            "where schema_name = 'main' and not internal and coalesce(comment, '') = '' "
            "order by 1"
        ).fetchall()
    assert tables == [], "published tables without a description"
    assert columns == [], "published columns without a description"


def test_dbt_docs_generate_works_offline(demo_warehouse, build_warehouse):
    # On a copy: docs generate opens the file for writing like any dbt command.
    result = build_warehouse(
        command=("docs", "generate", "--static"), copy_of=demo_warehouse, name="docs"
    ).result
    catalog = json.loads((result.target_path / "catalog.json").read_text())
    in_catalog = {
        node["metadata"]["name"]
        for node in catalog["nodes"].values()
        if node["metadata"]["schema"] == "main"
    }
    assert in_catalog >= CONTRACT_TABLES
    assert not catalog.get("errors")
    manifest = json.loads((result.target_path / "manifest.json").read_text())
    exposures = {exposure["name"] for exposure in manifest["exposures"].values()}
    assert {"segment_overview", "rfm_grid", "product_affinity"} <= exposures
    page = (result.target_path / "static_index.html").read_text(encoding="utf-8")
    # One file with the manifest and catalog inside: opens without a server or network.
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=[\"']https?:", page)
    assert "customer_segments" in page


# --- the whole pipeline: dbt build, then publish, with a reader holding on -----

ORDER_LINES = (
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price\n"
    "o1,c1,2024-01-05 10:00:00,p1,2,3.50\n"
    "o2,c2,2024-02-01,p2,1,4.00\n"
    "o3,c2,2024-02-11,p1,1,3.50\n"
)


class Site:
    """A build file and a publication directory, rebuilt by ``build_and_publish``."""

    def __init__(self, base: Path, parsed_project: Path):
        self.base = base
        self.db_path = base / "build.duckdb"
        self.out = base / "pub"
        self.work_dir = base / "work"
        (self.work_dir / "target").mkdir(parents=True)
        # Reuse the session's parse: raw data goes through the environment.
        shutil.copy(parsed_project, self.work_dir / "target" / parsed_project.name)

    def raw(self, name: str, files: dict[str, str]) -> Path:
        directory = self.base / name
        directory.mkdir()
        for file_name, text in files.items():
            (directory / file_name).write_text(text)
        return directory

    def build(self, raw: Path, dbt_args: list[str] | None = None) -> int:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SEGMENTS_RAW_PATH", str(raw))
            return build_and_publish(self.db_path, self.out, dbt_args, work_dir=self.work_dir)


@pytest.fixture(scope="module")
def site(tmp_path_factory, parsed_project, demo_warehouse) -> Site:
    """A publication directory that starts out holding the published demo build."""
    site = Site(tmp_path_factory.mktemp("publish_site"), parsed_project)
    publish(demo_warehouse.db_path, site.out)
    return site


def test_rebuild_and_publish_while_a_reader_holds_the_publication(site, reader):
    holder = reader(site.out / "warehouse.duckdb")
    assert holder.first["customer_rfm"] > 100  # the demo publication
    raw = site.raw("small", {"order_lines.csv": ORDER_LINES})
    assert site.build(raw) == 0
    assert holder.is_holding(), "the reader must hold the file during the whole rebuild"
    new_counts = table_counts(site.out / "warehouse.duckdb")
    assert new_counts["customer_rfm"] == 2
    # The holder still sees one consistent (old) publication, never a mix.
    assert holder.read_again() == holder.first
    rfm_parquet = site.out / "parquet" / "customer_rfm.parquet"
    assert duckdb.execute(f"select count(*) from '{rfm_parquet}'").fetchone()[0] == 2
    assert leftovers(site.out) == []


BROKEN_BUILDS = [
    pytest.param({"order_lines.csv": "order_id,customer\no1,c1\n"}, None, id="broken-file"),
    # Fails mid-build: staging is rebuilt, then the as-of date cannot be cast.
    pytest.param({"order_lines.csv": ORDER_LINES}, {"as_of": "2024-13-45"}, id="fails-mid-build"),
]


@pytest.mark.parametrize(("raw_files", "dbt_vars"), BROKEN_BUILDS)
def test_failed_build_leaves_publication_intact(site, reader, raw_files, dbt_vars, request):
    before = snapshot(site.out)
    counts_before = table_counts(site.out / "warehouse.duckdb")
    holder = reader(site.out / "warehouse.duckdb")
    raw = site.raw(f"broken-{request.node.callspec.id}", raw_files)
    dbt_args = ["--vars", json.dumps(dbt_vars)] if dbt_vars else None
    assert site.build(raw, dbt_args) != 0
    assert holder.is_holding()
    assert snapshot(site.out) == before
    assert holder.read_again() == holder.first == counts_before
    assert table_counts(site.out / "warehouse.duckdb") == counts_before
    assert leftovers(site.out) == []


# --- publish without --build: only a whole, passing dbt build ------------------


def test_publish_refuses_a_failed_build_unless_forced(build_warehouse, raw_dir, tmp_path, capsys):
    failed = build_warehouse(
        raw_dir({"order_lines.csv": ORDER_LINES}),
        dbt_vars={"as_of": "2024-13-45"},
        expect_failure=True,
    )
    out = tmp_path / "pub"
    args = ["--db", str(failed.db_path), "--out", str(out)]
    assert publish_module.main(args) == 1
    message = capsys.readouterr().out
    assert "that failed" in message and "--force" in message
    assert not (out / "warehouse.duckdb").exists()
    assert publish_module.main([*args, "--force"]) == 0
    assert (out / "warehouse.duckdb").exists()


def test_publish_refuses_a_selection_and_accepts_a_whole_passing_build(
    build_warehouse, raw_dir, demo_warehouse, tmp_path, capsys
):
    partial = build_warehouse(
        raw_dir({"order_lines.csv": ORDER_LINES}), command=("run", "-s", "+int_as_of_date")
    )
    out = tmp_path / "pub"
    assert publish_module.main(["--db", str(partial.db_path), "--out", str(out)]) == 1
    assert "not a whole dbt build" in capsys.readouterr().out
    assert publish_module.main(["--db", str(demo_warehouse.db_path), "--out", str(out)]) == 0


def test_publish_refuses_a_build_that_excluded_models(demo_warehouse, build_warehouse, capsys):
    """--exclude without --select is a selection too: here it builds the seeds only."""
    excluded = build_warehouse(
        command=("build", "--exclude", "path:models"), copy_of=demo_warehouse, name="excluded"
    )
    assert excluded.scalar("select is_selection from meta.build_status")
    assert publish_module.main(["--db", str(excluded.db_path), "--out", "unused"]) == 1
    assert "not a whole dbt build" in capsys.readouterr().out


def test_publish_accepts_the_nightly_selector(build_warehouse, raw_dir, tmp_path):
    """selectors.yml `nightly` leaves out only the unit tests: a whole build."""
    nightly = build_warehouse(
        raw_dir({"order_lines.csv": ORDER_LINES}), command=("build", "--selector", "nightly")
    )
    assert nightly.scalar("select state from meta.build_status") == "passed"
    assert not nightly.scalar("select is_selection from meta.build_status")
    out = tmp_path / "pub"
    assert publish_module.main(["--db", str(nightly.db_path), "--out", str(out)]) == 0


def test_raw_path_with_spaces_unicode_and_glob_characters(build_warehouse, tmp_path):
    directory = tmp_path / "shop [2024] Zoë*"
    directory.mkdir()
    (directory / "order_lines.csv").write_text(ORDER_LINES)
    built = build_warehouse(directory, command=("run", "-s", "+int_as_of_date"))
    assert built.scalar("select count(*) from staging.stg_shop__order_lines") == 3


def test_relative_raw_path_is_the_callers_and_leaves_nothing_beside_the_database(
    build_warehouse, tmp_path, monkeypatch
):
    (tmp_path / "my raw").mkdir()
    (tmp_path / "my raw" / "order_lines.csv").write_text(ORDER_LINES)
    monkeypatch.chdir(tmp_path)
    built = build_warehouse(Path("my raw"), command=("run", "-s", "+int_as_of_date"))
    assert built.scalar("select count(*) from staging.stg_shop__order_lines") == 3
    assert not (built.db_path.parent / "data").exists()


def test_a_build_while_another_process_holds_the_file_says_so_in_one_sentence(
    demo_warehouse, tmp_path, reader
):
    db_path = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse.db_path, db_path)
    holder = reader(db_path)
    result = publish_module.run_dbt(["build"], db_path=db_path, work_dir=tmp_path)
    assert holder.is_holding()
    assert result.returncode == 2
    assert result.output.count("\n") == 0 and "in use by another process" in result.output
