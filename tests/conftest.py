"""Shared fixtures: build the warehouse for real into temporary DuckDB files."""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT, DbtResult, run_dbt

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
DEMO_TRUTH_DIR = PROJECT_ROOT / "data" / "demo_truth"


def _shared_data_dir() -> Path:
    """The team's real test data: ``SEGMENTS_SHARED_DATA``, else ``../shared/data``
    beside the checkout, else the workplace's ``/work/shared/data``."""
    candidates = [
        os.environ.get("SEGMENTS_SHARED_DATA", ""),
        PROJECT_ROOT.parent / "shared" / "data",
        "/work/shared/data",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return PROJECT_ROOT.parent / "shared" / "data"


SHARED_DATA_DIR = _shared_data_dir()


class Warehouse:
    """A built warehouse file and the result of the dbt run that built it."""

    def __init__(self, db_path: Path, result: DbtResult):
        self.db_path = db_path
        self.result = result

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        """Rows of ``sql`` run read-only against the warehouse."""
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            return connection.execute(sql, params or []).fetchall()

    def df(self, sql: str):
        """``sql`` as a pandas DataFrame."""
        with duckdb.connect(str(self.db_path), read_only=True) as connection:
            return connection.execute(sql).df()

    def scalar(self, sql: str):
        """The single value of ``sql``."""
        return self.query(sql)[0][0]


BuildFn = Callable[..., Warehouse]


@pytest.fixture(scope="session")
def parsed_project(tmp_path_factory) -> Path:
    """dbt's partial-parse cache of the project, made once per session.

    Every build copies it into its own target directory, so dbt skips parsing
    (several seconds per invocation) unless the build passes other vars.
    """
    work_dir = tmp_path_factory.mktemp("parse")
    result = run_dbt(["parse"], db_path=work_dir / "warehouse.duckdb", work_dir=work_dir)
    assert result.ok, result.output[-6000:]
    return result.target_path / "partial_parse.msgpack"


@pytest.fixture(scope="session")
def build_warehouse(tmp_path_factory, parsed_project) -> BuildFn:
    """Factory: ``build_warehouse(raw_path=..., dbt_vars=..., command=...,
    setup_sql=..., copy_of=...)``.

    Builds into a fresh DuckDB file, or into a copy of ``copy_of``'s file (a
    Warehouse) to run a dbt command on a built warehouse without touching
    it; ``setup_sql`` runs on that file first. Fails the test with dbt's
    output when the build fails, unless ``expect_failure=True``.
    """

    def build(
        raw_path: Path | None = None,
        *,
        dbt_vars: dict | None = None,
        command: tuple[str, ...] = ("build",),
        env: dict | None = None,
        expect_failure: bool = False,
        name: str = "wh",
        setup_sql: str | None = None,
        copy_of: Warehouse | None = None,
    ) -> Warehouse:
        work_dir = tmp_path_factory.mktemp(name)
        db_path = work_dir / "warehouse.duckdb"
        if copy_of is not None:
            shutil.copy(copy_of.db_path, db_path)
        if setup_sql:  # tables the dbt command reads, made before it runs
            with duckdb.connect(str(db_path)) as connection:
                connection.execute(setup_sql)
        (work_dir / "target").mkdir()
        shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)
        result = run_dbt(
            list(command),
            db_path=db_path,
            work_dir=work_dir,
            raw_path=raw_path,
            dbt_vars=dbt_vars,
            env=env,
        )
        if expect_failure:
            assert not result.ok, "dbt succeeded but was expected to fail"
        else:
            assert result.ok, result.output[-6000:]
        return Warehouse(db_path, result)

    return build


@pytest.fixture(scope="session")
def rebuild_on_raw_files(tmp_path_factory, parsed_project) -> Callable[..., tuple]:
    """Factory for property tests: ``rebuild(name, files, command)`` runs the dbt
    ``command`` on a fresh raw directory holding ``files`` ({file name: bytes}),
    always into the same warehouse file and target directory for one ``name``
    (so dbt parses the project once). Returns ``(DbtResult, db_path)``."""

    def rebuild(name: str, files: dict[str, bytes], command: tuple[str, ...]):
        work_dir = tmp_path_factory.getbasetemp() / name
        if not (work_dir / "target").exists():
            (work_dir / "target").mkdir(parents=True)
            shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)
        raw = tmp_path_factory.mktemp(f"{name}_raw")
        for file_name, content in files.items():
            (raw / file_name).write_bytes(content)
        db_path = work_dir / "warehouse.duckdb"
        result = run_dbt(list(command), db_path=db_path, work_dir=work_dir, raw_path=raw)
        return result, db_path

    return rebuild


@pytest.fixture(scope="session")
def show_rows(build_warehouse) -> Callable[..., list[dict]]:
    """Factory: ``show_rows(sql, env=..., name=..., limit=..., setup_sql=...)``
    runs ``dbt show --inline sql`` (Jinja and the project's macros rendered) on
    a fresh warehouse (empty, or holding what ``setup_sql`` made) and returns
    the result rows as dicts."""

    def show(
        sql: str,
        *,
        env: dict | None = None,
        name: str = "show",
        limit: int = 1000,
        setup_sql: str | None = None,
    ):
        result = build_warehouse(
            command=(
                "show",
                "--inline",
                sql,
                "--limit",
                str(limit),
                "--output",
                "json",
                "--log-format",
                "json",
            ),
            env=env,
            name=name,
            setup_sql=setup_sql,
        ).result
        for line in result.output.splitlines():
            if '"ShowNode"' in line:
                preview = json.loads(line)["data"]["preview"]
                rows = json.loads(preview) if isinstance(preview, str) else preview
                return rows["show"] if isinstance(rows, dict) else rows
        pytest.fail(f"no ShowNode event in dbt's output:\n{result.output[-3000:]}")

    return show


def built_once(tmp_path_factory, name: str, build: Callable[[], Warehouse]) -> Warehouse:
    """``build()`` once per test session, shared by every pytest-xdist worker.

    The first worker to ask builds while holding a lock in the session's
    shared temporary directory; the others wait and reuse its warehouse,
    which tests only read (or copy). Without xdist this is ``build()``.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build()
    shared = tmp_path_factory.getbasetemp().parent / f"built-once-{name}"
    shared.mkdir(exist_ok=True)
    record = shared / "warehouse.pickle"
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if record.exists():
            return pickle.loads(record.read_bytes())
        warehouse = build()
        record.write_bytes(pickle.dumps(warehouse))
        return warehouse


@pytest.fixture(scope="session")
def demo_warehouse(build_warehouse, tmp_path_factory) -> Warehouse:
    """The warehouse built with `dbt build` on the shipped demo data."""
    return built_once(tmp_path_factory, "demo", lambda: build_warehouse(name="demo"))


@pytest.fixture(scope="session")
def online_retail_dir() -> Path:
    """The real UCI Online Retail data in the contract layout."""
    path = SHARED_DATA_DIR / "online_retail"
    if not (path / "order_lines.parquet").exists():
        pytest.fail(f"real test data missing: {path}")
    return path


@pytest.fixture(scope="session")
def online_retail_warehouse(build_warehouse, online_retail_dir, tmp_path_factory) -> Warehouse:
    """The whole warehouse built on the real Online Retail transactions."""
    return built_once(
        tmp_path_factory,
        "online_retail",
        lambda: build_warehouse(online_retail_dir, name="online_retail"),
    )


@pytest.fixture
def raw_dir(tmp_path) -> Callable[[dict[str, str]], Path]:
    """Factory writing a raw directory from ``{file name: CSV text}``.

    Text is written byte for byte (UTF-8), so tests control line endings,
    BOMs and quoting. Returns the directory.
    """
    counter = iter(range(1_000_000))

    def write(files: dict[str, str | bytes]) -> Path:
        directory = tmp_path / f"raw{next(counter)}"
        directory.mkdir()
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (directory / name).write_bytes(data)
        return directory

    return write
