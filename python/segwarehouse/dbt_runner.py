"""Run dbt commands of this project in a subprocess, isolated per warehouse file.

Tests, the benchmark and the publish step all build the warehouse through
:func:`run_dbt`, so they exercise exactly what a user runs: the in-repo
``profiles.yml``, the raw-data sources and every model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The profile's default DuckDB file name. dbt hashes the profile's connection
#: settings (the DuckDB path included) into its partial-parse cache, so runs
#: that build ``<dir>/warehouse.duckdb`` from inside ``<dir>`` share one cache.
DEFAULT_DB_NAME = "warehouse.duckdb"
#: The demo data the project builds when no raw path is given.
DEMO_DATA = Path("data") / "demo"
#: dbt's exit code for an error; also returned when the warehouse file is locked.
LOCKED_RETURN_CODE = 2


@dataclass(frozen=True)
class DbtResult:
    """Outcome of one dbt invocation.

    Attributes
    ----------
    returncode : int
        dbt's exit code (0 success, 1 model/test failure, 2 error).
    output : str
        Combined stdout and stderr.
    target_path : Path
        Where dbt wrote ``run_results.json`` and compiled SQL.
    """

    returncode: int
    output: str
    target_path: Path

    @property
    def ok(self) -> bool:
        """Whether dbt exited with 0."""
        return self.returncode == 0

    def run_results(self) -> dict:
        """The parsed ``run_results.json`` of this invocation."""
        return json.loads((self.target_path / "run_results.json").read_text())


def dbt_executable() -> str:
    """The ``dbt`` next to the running Python interpreter (the project venv)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    args: list[str],
    *,
    db_path: Path,
    work_dir: Path,
    raw_path: Path | None = None,
    dbt_vars: dict | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = 900,
    capture: bool = True,
) -> DbtResult:
    """Run ``dbt <args>`` against the warehouse file ``db_path``.

    Parameters
    ----------
    args : list of str
        dbt sub-command and its flags, e.g. ``["build"]``.
    db_path : Path
        DuckDB file to build (``SEGMENTS_DB_PATH``).
    work_dir : Path
        Private directory for dbt's ``target/`` and ``logs/``, so that
        concurrent runs do not overwrite each other.
    raw_path : Path, optional
        Raw data directory (passed as ``SEGMENTS_RAW_PATH``); default: the
        var/env/demo precedence of the project. Relative paths (here, in
        ``SEGMENTS_RAW_PATH`` or in the var ``raw_path``) are resolved against
        the caller's working directory.
    dbt_vars : dict, optional
        Further dbt vars.
    env : dict, optional
        Extra environment variables.
    timeout : float or None
        Seconds before the run is killed (None: no limit).
    capture : bool
        Capture dbt's output into the result (default) or let it stream to
        this process's stdout/stderr (``output`` is then empty).

    Returns
    -------
    DbtResult
        When another process holds ``db_path``, dbt is not started: the
        result has return code 2 and a one-sentence ``output``.
    """
    all_vars = dict(dbt_vars or {})
    target_path = Path(work_dir) / "target"
    command = [
        dbt_executable(),
        *args,
        "--target-path",
        str(target_path),
        "--log-path",
        str(Path(work_dir) / "logs"),
    ]
    if all_vars:
        command += ["--vars", json.dumps(all_vars, sort_keys=True)]
    process_env = {
        **os.environ,
        "SEGMENTS_DB_PATH": str(db_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(env or {}),
    }
    cwd = PROJECT_ROOT
    if Path(db_path).name == DEFAULT_DB_NAME and "SEGMENTS_DB_PATH" not in (env or {}):
        cwd = Path(db_path).parent.resolve()
        del process_env["SEGMENTS_DB_PATH"]
        command += ["--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT)]
    if raw_path is not None:
        # Through the environment rather than --vars: dbt re-parses the whole
        # project whenever vars change, but not for this env var (it is read
        # only by the on-run-start hook, at run time).
        process_env["SEGMENTS_RAW_PATH"] = str(raw_path)
    # Relative raw paths mean the caller's directory, wherever dbt runs; with
    # nothing given, the demo data of the project.
    caller_raw = process_env.get("SEGMENTS_RAW_PATH", "")
    process_env["SEGMENTS_RAW_PATH"] = (
        str(Path(caller_raw).resolve()) if caller_raw.strip() else str(PROJECT_ROOT / DEMO_DATA)
    )
    if all_vars.get("raw_path"):
        all_vars["raw_path"] = str(Path(all_vars["raw_path"]).resolve())
        command[command.index("--vars") + 1] = json.dumps(all_vars, sort_keys=True)
    busy = _lock_holder_message(Path(db_path))
    if busy:
        if not capture:
            print(busy, file=sys.stderr)
        return DbtResult(LOCKED_RETURN_CODE, busy, target_path)
    completed = subprocess.run(
        command,
        cwd=cwd,
        env=process_env,
        capture_output=capture,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = (completed.stdout or "") + (completed.stderr or "")
    return DbtResult(completed.returncode, output, target_path)


def _lock_holder_message(db_path: Path) -> str:
    """One sentence when another process holds ``db_path`` (DuckDB allows one
    writer, and no reader beside it), else ''."""
    if not db_path.exists():
        return ""
    try:
        duckdb.connect(str(db_path)).close()
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        return (
            f"The warehouse file {db_path} is in use by another process (a build still "
            "running, or a tool holding it open); wait for it to finish, or build into "
            "another file with SEGMENTS_DB_PATH."
        )
    return ""
