"""Run a command and measure its wall time and the peak memory of its process tree.

Two memory figures, because neither alone is the whole truth:

- ``peak_tree_rss_bytes``: the largest *sum* of resident set sizes over the
  command and all its descendants, sampled every ``interval`` seconds (with
  psutil when it is installed, else from ``/proc``). It is what the machine
  had to hold at once, but a spike shorter than the interval can be missed.
- ``max_child_rss_bytes``: ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``
  taken in a wrapper process whose only child is the command. The kernel
  keeps it exactly, but it is the peak of the *largest single* descendant
  (here: the dbt process, which runs DuckDB and the Python models in-process),
  not of the tree as a sum.

The wrapper is this module run as a script::

    python -m segwarehouse.benchmark.measure --result out.json -- CMD ARGS...
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

try:  # optional: not a dependency of the project
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Measurement:
    """What :func:`run_measured` records about one command.

    Attributes
    ----------
    returncode : int
        Exit code of the command (negative: killed by that signal; 124: timeout).
    wall_seconds : float
        Wall-clock time from start to exit.
    peak_tree_rss_bytes : int
        Largest sampled sum of RSS over the command's process tree.
    max_child_rss_bytes : int or None
        ``ru_maxrss`` of the largest single descendant (None when unknown).
    samples : int
        Number of memory samples taken.
    memory_source : str
        ``psutil`` or ``/proc``.
    cpu_seconds : float or None
        User + system CPU time of the command and its descendants (from
        ``RUSAGE_CHILDREN``). Unlike wall time it hardly grows when other work
        shares the cores, so it tells a busy machine from a slow build.
    """

    returncode: int
    wall_seconds: float
    peak_tree_rss_bytes: int
    max_child_rss_bytes: int | None
    samples: int
    memory_source: str
    cpu_seconds: float | None = None

    def to_dict(self) -> dict:
        """The measurement as a JSON-ready dict."""
        return asdict(self)


def _children_map_proc() -> dict[int, list[int]]:
    """Parent pid -> child pids, read from ``/proc/<pid>/stat``."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name (field 2) is in parentheses and may hold spaces.
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _rss_proc(pid: int) -> int:
    """Resident set size of ``pid`` in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_bytes(root_pid: int) -> int:
    """Sum of the RSS of ``root_pid`` and all its descendants, in bytes."""
    if psutil is not None:
        try:
            root = psutil.Process(root_pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        return total
    children = _children_map_proc()
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += _rss_proc(pid)
        stack.extend(children.get(pid, []))
    return total


class TreeMemorySampler:
    """Background thread sampling the summed RSS of a process tree.

    Parameters
    ----------
    root_pid : int
        Process whose tree is sampled.
    interval : float
        Seconds between samples.
    """

    def __init__(self, root_pid: int, interval: float = 0.1):
        self.root_pid = root_pid
        self.interval = interval

    def start(self) -> TreeMemorySampler:
        """Start sampling; returns self."""
        self.peak_bytes_ = 0
        self.samples_ = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes_ = max(self.peak_bytes_, tree_rss_bytes(self.root_pid))
            self.samples_ += 1
            self._stop.wait(self.interval)

    def stop(self) -> int:
        """Stop sampling and return the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak_bytes_


def _run_and_sample(
    command: list[str],
    *,
    env: dict[str, str] | None,
    cwd: Path | None,
    stdout_path: Path | None,
    timeout: float | None,
    interval: float,
) -> tuple[int, float, int, int]:
    """Run ``command``; returns (returncode, wall seconds, peak tree RSS, samples)."""
    stdout = open(stdout_path, "w") if stdout_path else None  # noqa: SIM115
    try:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.STDOUT if stdout else None
        )
        sampler = TreeMemorySampler(process.pid, interval).start()
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            returncode = 124
        wall = time.perf_counter() - started
        peak = sampler.stop()
    finally:
        if stdout:
            stdout.close()
    return returncode, wall, peak, sampler.samples_


def run_measured(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdout_path: Path | None = None,
    timeout: float | None = None,
    interval: float = 0.1,
) -> Measurement:
    """Run ``command`` through the measuring wrapper and return its :class:`Measurement`.

    Parameters
    ----------
    command : list of str
        The program and its arguments.
    env, cwd : optional
        Environment and working directory of the command.
    stdout_path : Path, optional
        File receiving the command's stdout and stderr (default: inherited).
    timeout : float, optional
        Seconds before the command is killed (returncode 124).
    interval : float
        Seconds between memory samples.
    """
    handle, name = tempfile.mkstemp(suffix=".measure.json")
    os.close(handle)
    result_path = Path(name)
    wrapper = [
        sys.executable,
        "-m",
        "segwarehouse.benchmark.measure",
        "--result",
        str(result_path),
        "--interval",
        str(interval),
    ]
    if stdout_path is not None:
        wrapper += ["--stdout", str(stdout_path)]
    if timeout is not None:
        wrapper += ["--timeout", str(timeout)]
    completed = subprocess.run([*wrapper, "--", *command], env=env, cwd=cwd, check=False)
    try:
        payload = json.loads(result_path.read_text())
    except (OSError, ValueError) as error:
        raise RuntimeError(
            f"measuring wrapper exited with {completed.returncode} without a result"
        ) from error
    finally:
        result_path.unlink(missing_ok=True)
    return Measurement(**payload)


def main(argv: list[str] | None = None) -> int:
    """Wrapper entry point: run the command after ``--`` and write the measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--stdout", type=Path)
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to measure after --")
    returncode, wall, peak, samples = _run_and_sample(
        command,
        env=None,
        cwd=None,
        stdout_path=args.stdout,
        timeout=args.timeout,
        interval=args.interval,
    )
    # ru_maxrss is in KiB on Linux; this wrapper's only child was the command.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    max_child = usage.ru_maxrss * 1024
    measurement = Measurement(
        returncode=returncode,
        wall_seconds=wall,
        peak_tree_rss_bytes=peak,
        max_child_rss_bytes=max_child,
        samples=samples,
        memory_source="psutil" if psutil is not None else "/proc",
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
    )
    args.result.write_text(json.dumps(measurement.to_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
