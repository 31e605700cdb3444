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

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The profile's default DuckDB file name. dbt hashes the profile's connection
#: settings (the DuckDB path included) into its partial-parse cache, so runs
#: that build ``<dir>/warehouse.duckdb`` from inside ``<dir>`` share one cache.
DEFAULT_DB_NAME = "warehouse.duckdb"


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
        var/env/demo precedence of the project.
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
        cwd = _private_run_dir(Path(db_path).parent)
        del process_env["SEGMENTS_DB_PATH"]
        command += ["--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT)]
    if raw_path is not None:
        # Through the environment rather than --vars: dbt re-parses the whole
        # project whenever vars change, but not for this env var (it is read
        # only by the on-run-start hook, at run time).
        process_env["SEGMENTS_RAW_PATH"] = str(raw_path)
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


def _private_run_dir(directory: Path) -> Path:
    """``directory`` prepared to run dbt in: relative paths of the project
    (the default raw data ``data/demo``) resolve as from the project root."""
    directory = directory.resolve()
    if directory != PROJECT_ROOT:
        link = directory / "data"
        if not link.exists():
            link.symlink_to(PROJECT_ROOT / "data", target_is_directory=True)
    return directory
