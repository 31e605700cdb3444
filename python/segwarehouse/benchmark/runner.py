"""One benchmark run: data, the full ``dbt build``, the references, the comparison."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..dbt_runner import PROJECT_ROOT, dbt_executable
from . import dbt_results, incremental
from .data import ensure_dataset, scale_label
from .measure import run_measured
from .references import CHECKS, REFERENCES, check_figures
from .spark import run_spark_build

SCHEMA_VERSION = 1
#: ``kind`` of the incremental scenario's result (full-build results have none).
INCREMENTAL_KIND = "incremental"
#: The incremental scenario's bounds: refresh wall time over the full rebuild's.
REFRESH_WALL_SHARE = 0.2
DEFAULT_SEED = 20231
ALL_REFERENCES = tuple(REFERENCES)

#: Ratio targets the warehouse is measured against: (stage, reference, kind, bound).
#: kind ``ours/ref``: our stage time over the reference's, must be <= bound;
#: kind ``ref/ours``: the reference's time over ours, must be >= bound.
TARGETS = (
    ("rfm", "rfm_sql", "ours/ref", 1.5),
    ("pairs", "pairs_sql", "ours/ref", 1.5),
    ("rfm", "rfm_pandas", "ref/ours", 3.0),
    ("pairs", "pairs_pandas", "ref/ours", 3.0),
)


@dataclass
class BenchmarkConfig:
    """What to run. See ``python -m segwarehouse.benchmark --help``."""

    order_lines: int
    scale: str | None = None
    seed: int = DEFAULT_SEED
    out_dir: Path = PROJECT_ROOT / "benchmarks" / "results"
    data_dir: Path | None = None
    work_dir: Path | None = None
    keep_work: bool = False
    memory_limit: str | None = None
    duckdb_threads: int = 2
    dbt_threads: int = 1
    references: tuple[str, ...] = ALL_REFERENCES
    timeout: float | None = None
    #: False: ``dbt build`` without data tests and unit tests (quick test runs only).
    dbt_tests: bool = True
    markdown: Path | None = PROJECT_ROOT / "BENCHMARKS.md"
    #: "spark": also build the same data on local Spark (benchmark.spark).
    target: str = "duckdb"
    extra_env: dict[str, str] = field(default_factory=dict)
    #: > 0: also run the incremental scenario with this many refresh batches.
    refreshes: int = 0
    #: True: the incremental scenario only (no separate full build, no references).
    incremental_only: bool = False

    @property
    def label(self) -> str:
        """Scale label used in file names and tables."""
        return self.scale or scale_label(self.order_lines)


def default_memory_limit(order_lines: int) -> str:
    """``SEGMENTS_DUCKDB_MEMORY_LIMIT`` when set, else 16GB from 50M lines on, else 8GB."""
    from_env = os.environ.get("SEGMENTS_DUCKDB_MEMORY_LIMIT")
    if from_env:
        return from_env
    return "16GB" if order_lines >= 50_000_000 else "8GB"


def machine_info() -> dict:
    """Cores, memory and software versions of this machine."""
    memory_kib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    except OSError:
        pass
    try:
        from importlib.metadata import version

        dbt_version = version("dbt-core")
    except Exception:  # informational only
        dbt_version = None
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024**2, 1) if memory_kib else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt_core": dbt_version,
    }


# What the build runs: a change here changes the figures.
CODE_PATHS = ("models", "macros", "python", "seeds", "tests/dbt", "dbt_project.yml", "profiles.yml")


def code_version(root: Path = PROJECT_ROOT) -> dict | None:
    """The git commit of ``root`` and whether the code the build runs
    (``CODE_PATHS``) has uncommitted changes; None outside a git checkout."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        changes = git("status", "--porcelain", "--untracked-files=all", "--", *CODE_PATHS)
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"commit": commit, "uncommitted_changes": bool(changes)}


def build_environment(config: BenchmarkConfig, db_path: Path, data_dir: Path) -> dict[str, str]:
    """Environment of the measured ``dbt build``."""
    return {
        **os.environ,
        "SEGMENTS_DB_PATH": str(db_path),
        "SEGMENTS_RAW_PATH": str(data_dir),
        "SEGMENTS_DUCKDB_MEMORY_LIMIT": config.memory_limit,
        "SEGMENTS_DUCKDB_THREADS": str(config.duckdb_threads),
        "SEGMENTS_DBT_THREADS": str(config.dbt_threads),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **config.extra_env,
    }


def run_build(config: BenchmarkConfig, work_dir: Path, data_dir: Path) -> tuple[dict, Path]:
    """Run the measured full ``dbt build``; returns (build record, warehouse path)."""
    db_path = work_dir / "warehouse.duckdb"
    db_path.unlink(missing_ok=True)
    return measured_dbt_build(config, work_dir, data_dir, db_path), db_path


def measured_dbt_build(
    config: BenchmarkConfig,
    work_dir: Path,
    data_dir: Path,
    db_path: Path,
    *,
    name: str = "dbt_build",
    dbt_vars: dict | None = None,
    dbt_args: tuple[str, ...] = (),
) -> dict:
    """Run one measured ``dbt build`` of ``data_dir`` into ``db_path`` (kept
    when it exists: an incremental build); dbt's output goes to
    ``work_dir/<name>.log``, its target to ``work_dir/target``. Returns the
    build record."""
    target_path = work_dir / "target"
    command = [
        dbt_executable(),
        "build",
        "--target-path",
        str(target_path),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars, sort_keys=True)]
    command += dbt_args
    if not config.dbt_tests:
        command += ["--exclude-resource-type", "test", "unit_test"]
    log_path = work_dir / f"{name}.log"
    # A build that dies before dbt writes its results must not be read as the
    # previous build's (the incremental scenario runs several in one target).
    (target_path / "run_results.json").unlink(missing_ok=True)
    load_before = _load_average()
    measurement = run_measured(
        command,
        env=build_environment(config, db_path, data_dir),
        cwd=PROJECT_ROOT,
        stdout_path=log_path,
        timeout=config.timeout,
    )
    build = {
        "command": " ".join(["dbt build", *dbt_args])
        + ("" if config.dbt_tests else " (without tests)"),
        "returncode": measurement.returncode,
        "ok": measurement.returncode == 0,
        "wall_seconds": round(measurement.wall_seconds, 3),
        "cpu_seconds": measurement.cpu_seconds,
        "dbt_elapsed_seconds": None,
        "peak_tree_rss_bytes": measurement.peak_tree_rss_bytes,
        "max_child_rss_bytes": measurement.max_child_rss_bytes,
        "memory_samples": measurement.samples,
        "memory_source": measurement.memory_source,
        # 1-minute load averages: well above 0 means something else shared the cores.
        "load_average_before": load_before,
        "load_average_after": _load_average(),
        "log": str(log_path),
        "log_tail": "",
    }
    if not build["ok"]:
        build["log_tail"] = log_path.read_text(errors="replace")[-4000:]
    return build


def read_build_results(build: dict, target_path: Path) -> tuple[list, dict, list[dict]]:
    """Per-node timings of the build that just wrote ``target_path``.

    Fills ``dbt_elapsed_seconds``, ``nodes_by_type`` and ``not_ok`` of
    ``build``; returns (timings, stages, models slowest first).
    """
    timings, stages, summary = [], {}, {"by_resource_type": {}, "not_ok": []}
    try:
        run_results, manifest = dbt_results.load_target(target_path)
        timings = dbt_results.parse_run_results(run_results, manifest)
        stages = dbt_results.stage_times(timings, manifest)
        summary = dbt_results.summarise_timings(timings)
        build["dbt_elapsed_seconds"] = run_results.get("elapsed_time")
    except (OSError, ValueError) as error:
        build["log_tail"] += f"\nno run_results.json: {error}"
    build["nodes_by_type"] = summary["by_resource_type"]
    build["not_ok"] = summary["not_ok"]
    models = [
        {
            "name": t.name,
            "materialized": t.materialized,
            "language": t.language,
            "status": t.status,
            "seconds": round(t.execution_time, 3),
        }
        for t in sorted(timings, key=lambda t: t.execution_time, reverse=True)
        if t.resource_type in ("model", "seed", "snapshot")
    ]
    return timings, stages, models


def _load_average() -> float | None:
    """The 1-minute load average of the machine (None where unknown)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def table_row_counts(db_path: Path, tables=dbt_results.CONTRACT_TABLES) -> dict[str, int | None]:
    """Rows of each contract table in schema ``main`` (None when it does not exist)."""
    counts: dict[str, int | None] = {}
    if not db_path.exists():
        return dict.fromkeys(tables)
    with duckdb.connect(str(db_path), read_only=True) as connection:
        present = {
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
        }
        for table in tables:
            counts[table] = (
                connection.execute(f'select count(*) from main."{table}"').fetchone()[0]
                if table in present
                else None
            )
    return counts


def warehouse_checks(db_path: Path, row_counts: dict) -> dict[str, dict]:
    """The :data:`CHECKS` figures of the warehouse tables that exist."""
    checks = {}
    if not db_path.exists():
        return checks
    with duckdb.connect(str(db_path), read_only=True) as connection:
        for kind, table in (("rfm", "customer_rfm"), ("pairs", "product_pairs")):
            if row_counts.get(table) is not None:
                try:
                    checks[kind] = check_figures(connection, kind, f"main.{table}")
                except duckdb.Error as error:  # a column of the contract is missing
                    checks[kind] = {"error": str(error).splitlines()[0]}
    if row_counts.get("customer_features") is not None:
        checks["kmeans"] = {"row_count": row_counts["customer_features"]}
    return checks


def compare_checks(reference: dict, warehouse: dict, rel_tol: float = 1e-6) -> dict:
    """Agreement of two check dicts: equal integers, floats within ``rel_tol``.

    Returns ``{"agrees": bool, "mismatches": {name: [reference, warehouse]}}``.
    """
    mismatches = {}
    for name, expected in warehouse.items():
        got = reference.get(name)
        if isinstance(expected, float) or isinstance(got, float):
            same = (
                got is not None
                and expected is not None
                and abs(float(got) - float(expected)) <= rel_tol * max(1.0, abs(float(expected)))
            )
        else:
            same = got == expected
        if not same:
            mismatches[name] = [got, expected]
    return {"agrees": not mismatches and bool(warehouse), "mismatches": mismatches}


def run_reference(
    name: str, config: BenchmarkConfig, work_dir: Path, data_dir: Path, warehouse: Path
) -> dict:
    """Run one reference in its own measured process."""
    result_path = work_dir / f"reference_{name}.json"
    db_path = work_dir / f"reference_{name}.duckdb"
    db_path.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "segwarehouse.benchmark.references",
        name,
        "--data",
        str(data_dir),
        "--db",
        str(db_path),
        "--warehouse",
        str(warehouse),
        "--result",
        str(result_path),
        "--threads",
        str(config.duckdb_threads),
        "--memory-limit",
        config.memory_limit,
    ]
    log_path = work_dir / f"reference_{name}.log"
    measurement = run_measured(command, stdout_path=log_path, timeout=config.timeout)
    record = {
        "ok": measurement.returncode == 0 and result_path.exists(),
        "seconds": None,
        "wall_seconds": round(measurement.wall_seconds, 3),
        "cpu_seconds": measurement.cpu_seconds,
        "peak_tree_rss_bytes": measurement.peak_tree_rss_bytes,
        "max_child_rss_bytes": measurement.max_child_rss_bytes,
        "checks": {},
        "error": None,
    }
    if record["ok"]:
        outcome = json.loads(result_path.read_text())
        record["seconds"] = outcome["seconds"]
        record["checks"] = outcome["checks"]
    else:
        record["error"] = log_path.read_text(errors="replace")[-2000:]
    db_path.unlink(missing_ok=True)
    return record


def _ratio(numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 3)


def compute_comparisons(stages: dict, references: dict, build: dict) -> list[dict]:
    """Side-by-side rows: each stage against each reference that reproduces it.

    ``ratio`` is always ours / reference (below 1: we are faster).
    """

    def ours(stage: str, measure: str = "closure_seconds"):
        entry = stages.get(stage) or {}
        return entry.get(measure) if entry.get("present") else None

    def ref(name: str):
        entry = references.get(name) or {}
        return entry.get("seconds") if entry.get("ok") else None

    rows = []

    def add(stage, ours_seconds, reference, note=""):
        rows.append(
            {
                "stage": stage,
                "ours_seconds": ours_seconds,
                "reference": reference,
                "reference_seconds": ref(reference),
                "ratio": _ratio(ours_seconds, ref(reference)),
                "note": note,
            }
        )

    add("rfm", ours("rfm"), "rfm_sql")
    add("pairs", ours("pairs"), "pairs_sql")
    add("pairs", ours("pairs"), "pairs_sql_naive")
    add("rfm", ours("rfm"), "rfm_pandas")
    add("pairs", ours("pairs"), "pairs_pandas")
    add(
        "segments",
        ours("segments", "exclusive_seconds"),
        "kmeans_sklearn",
        "ours: sample fit + k selection + SQL scoring; reference: k-means on all customers",
    )
    for stage in ("rfm", "pairs", "features", "segments"):
        add(stage, ours(stage), "floor")
    add("total", build.get("wall_seconds"), "floor", "ours: whole dbt build wall time")
    pandas_names = ("rfm_pandas", "pairs_pandas", "kmeans_sklearn")
    pandas_total = (
        sum(ref(name) for name in pandas_names) if all(ref(n) for n in pandas_names) else None
    )
    ours_same_work = [
        ours("rfm", "exclusive_seconds"),
        ours("pairs", "exclusive_seconds"),
        ours("segments", "exclusive_seconds"),
    ]
    same_work = sum(ours_same_work) if all(v is not None for v in ours_same_work) else None
    rows.append(
        {
            "stage": "rfm+pairs+segments",
            "ours_seconds": round(same_work, 3) if same_work is not None else None,
            "reference": "pandas total",
            "reference_seconds": round(pandas_total, 3) if pandas_total else None,
            "ratio": _ratio(same_work, pandas_total),
            "note": "rfm_pandas + pairs_pandas + kmeans_sklearn",
        }
    )
    return rows


def evaluate_targets(
    comparisons: list[dict], build: dict, order_lines: int, memory_limit: str | None = None
) -> list[dict]:
    """Targets: the measured value, whether it applies here and is met.

    The pandas targets are stated for 10M lines: below that the value is
    reported but ``applies`` is false and ``met`` None.
    """
    by_key = {(row["stage"], row["reference"]): row for row in comparisons}
    targets = []
    for stage, reference, kind, bound in TARGETS:
        ratio = by_key.get((stage, reference), {}).get("ratio")
        if kind == "ours/ref":
            value, applies = ratio, True
            met = ratio <= bound if ratio is not None else None
            text = f"{stage}: ours / {reference} <= {bound:g}"
        else:
            value = round(1 / ratio, 3) if ratio else None
            applies = order_lines >= 10_000_000
            met = value >= bound if value is not None and applies else None
            text = f"{stage}: {reference} / ours >= {bound:g} (at 10M)"
        targets.append({"target": text, "value": value, "applies": applies, "met": met})
    if order_lines == 10_000_000:
        wall = build.get("wall_seconds")
        targets.append(
            {
                "target": "10M end to end < 60 s",
                "value": wall,
                "applies": True,
                "met": bool(build.get("ok")) and wall is not None and wall < 60,
            }
        )
    if order_lines >= 50_000_000:
        targets.append(
            {
                "target": "50M builds with memory_limit 16GB, no out-of-memory failure",
                "value": f"exit {build.get('returncode')}, memory_limit {memory_limit}",
                "applies": True,
                "met": bool(build.get("ok")) and memory_limit == "16GB",
            }
        )
    return targets


def dominant_models(models: list[dict], top: int = 5) -> list[dict]:
    """The ``top`` slowest models with their share of all model time."""
    total = sum(model["seconds"] for model in models) or 1.0
    ranked = sorted(models, key=lambda model: model["seconds"], reverse=True)[:top]
    return [{**model, "share": round(model["seconds"] / total, 3)} for model in ranked]


def run_benchmark(config: BenchmarkConfig, log=print) -> dict:
    """Run the whole benchmark; write and return its results.

    Returns ``{"full": result, "incremental": result}``: the full build with
    the references (None with ``incremental_only``) and the incremental
    scenario (None without ``refreshes``).
    """
    config.memory_limit = config.memory_limit or default_memory_limit(config.order_lines)
    own_work_dir = config.work_dir is None
    work_dir = Path(config.work_dir or tempfile.mkdtemp(prefix="segwarehouse-benchmark-"))
    work_dir = work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    # Absolute: dbt and the references run from other working directories.
    data_dir = Path(config.data_dir).resolve() if config.data_dir else work_dir / "data"
    code = code_version()  # before the build: the code measured, not the code at the end
    try:
        log(f"[benchmark {config.label}] data in {data_dir}")
        data = ensure_dataset(data_dir, config.order_lines, config.seed, work_dir / "generate.log")
        log(
            f"[benchmark {config.label}] data "
            + ("reused" if data["reused"] else f"generated in {data['generate_seconds']:.1f}s")
            + f": {data['raw_rows'].get('order_lines', 0):,} order lines"
        )
        results: dict = {"full": None, "incremental": None}
        if not config.incremental_only:
            results["full"] = full_build_result(config, work_dir, data_dir, data, code, log)
            write_result(results["full"], config)
        if config.refreshes:
            results["incremental"] = incremental_result(
                config, work_dir / "incremental", data_dir, data, code, log
            )
            write_result(results["incremental"], config)
        return results
    finally:
        if own_work_dir and not config.keep_work:
            shutil.rmtree(work_dir, ignore_errors=True)


def run_header(config: BenchmarkConfig, data: dict, code: dict | None) -> dict:
    """The fields every result JSON starts with: what ran, where, on what data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "scale": config.label,
        "order_lines": config.order_lines,
        "seed": config.seed,
        "run_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": machine_info(),
        "code": code,
        "settings": {
            "memory_limit": config.memory_limit,
            "duckdb_threads": config.duckdb_threads,
            "dbt_threads": config.dbt_threads,
            "dbt_tests": config.dbt_tests,
        },
        "command": reproduce_command(config),
        "data": data,
    }


def full_build_result(
    config: BenchmarkConfig, work_dir: Path, data_dir: Path, data: dict, code: dict | None, log
) -> dict:
    """The full ``dbt build`` of ``data_dir`` and the references beside it."""
    log(f"[benchmark {config.label}] dbt build (memory_limit {config.memory_limit})")
    build, db_path = run_build(config, work_dir, data_dir)
    log(f"[benchmark {config.label}] dbt build: {build['wall_seconds']:.1f}s, ok={build['ok']}")
    _, stages, models = read_build_results(build, work_dir / "target")
    row_counts = table_row_counts(db_path)
    warehouse = warehouse_checks(db_path, row_counts)
    references = {}
    for name in config.references:
        kind, table = REFERENCES[name]
        if name == "kmeans_sklearn" and row_counts.get(table) is None:
            # It reads the features and k from the built warehouse.
            references[name] = {"ok": False, "error": f"warehouse has no {table}"}
            continue
        log(f"[benchmark {config.label}] reference {name}")
        references[name] = run_reference(name, config, work_dir, data_dir, db_path)
        record = references[name]
        if record["ok"] and kind in ("rfm", "pairs") and kind in warehouse:
            record["verification"] = compare_checks(record["checks"], warehouse[kind])
        elif record["ok"] and name == "kmeans_sklearn" and "kmeans" in warehouse:
            record["verification"] = compare_checks(
                {"row_count": record["checks"].get("row_count")}, warehouse["kmeans"]
            )
        log(
            f"[benchmark {config.label}] reference {name}: "
            + (
                f"{record['seconds']:.2f}s"
                + (
                    f", agrees={record['verification']['agrees']}"
                    if "verification" in record
                    else ""
                )
                if record["ok"]
                else "FAILED"
            )
        )
    comparisons = compute_comparisons(stages, references, build)
    spark = None
    if config.target == "spark":
        log(f"[benchmark {config.label}] Spark build")
        spark = run_spark_build(
            work_dir, data_dir, dbt_tests=config.dbt_tests, timeout=config.timeout
        )
        log(
            f"[benchmark {config.label}] Spark build: "
            f"{spark['wall_seconds']:.1f}s, ok={spark['ok']}"
        )
    result = {
        **run_header(config, data, code),
        "build": build,
        "models": models,
        "dominant_models": dominant_models(models),
        "stages": stages,
        "row_counts": row_counts,
        "warehouse_checks": warehouse,
        "references": references,
        "comparisons": comparisons,
        **({"spark": spark} if spark is not None else {}),
        "targets": evaluate_targets(comparisons, build, config.order_lines, config.memory_limit),
    }
    return result


def scenario_build(
    config: BenchmarkConfig, work_dir: Path, extra_vars: dict | None = None
) -> incremental.BuildFunction:
    """The measured build of the incremental scenario: one ``dbt build`` with
    ``load_date`` (and ``extra_vars``), its slowest models and test time."""

    def build(
        name: str, db_path: Path, raw_dir: Path, load_date: str, dbt_args: tuple[str, ...]
    ) -> dict:
        record = measured_dbt_build(
            config,
            work_dir,
            raw_dir,
            db_path,
            name="dbt_" + name.replace(" ", "_"),
            dbt_vars={**(extra_vars or {}), "load_date": load_date},
            dbt_args=dbt_args,
        )
        _, _, models = read_build_results(record, work_dir / "target")
        record["model_seconds"] = round(sum(model["seconds"] for model in models), 3)
        record["test_seconds"] = round(
            sum(
                record["nodes_by_type"].get(kind, {}).get("seconds", 0.0)
                for kind in ("test", "unit_test")
            ),
            3,
        )
        record["dominant_models"] = dominant_models(models)
        return record

    return build


def incremental_result(
    config: BenchmarkConfig, work_dir: Path, data_dir: Path, data: dict, code: dict | None, log
) -> dict:
    """The incremental scenario on the benchmark data: initial build,
    ``config.refreshes`` refreshes of about 1% of the order lines each, full
    rebuild, comparison; with ratios to the full rebuild and the targets."""
    work_dir.mkdir(parents=True, exist_ok=True)
    log(f"[benchmark {config.label}] incremental: {config.refreshes} refresh(es)")
    scenario = incremental.run_scenario(
        data_dir,
        work_dir,
        config.refreshes,
        scenario_build(config, work_dir),
        share=incremental.BATCH_SHARE,
        log=lambda line: log(f"[benchmark {config.label}] {line}"),
    )
    full = scenario.get("full_rebuild") or {}
    for record in [scenario["initial"], *scenario["refreshes"], full]:
        record["wall_ratio"] = _ratio(record.get("wall_seconds"), full.get("wall_seconds"))
        record["memory_ratio"] = _ratio(
            record.get("peak_tree_rss_bytes"), full.get("peak_tree_rss_bytes")
        )
    differing = set(scenario["differences"])
    if differing:
        # Which differing tables hang off a fitted model (they differ when a
        # refresh scored with an older stored fit while the rebuild fitted).
        try:
            _, manifest = dbt_results.load_target(work_dir / "target")
        except (OSError, ValueError):
            manifest = {}
        scenario["fit_dependent_differences"] = sorted(
            differing & incremental.fit_dependent_tables(manifest)
        )
    return {
        **run_header(config, data, code),
        "kind": INCREMENTAL_KIND,
        **scenario,
        "targets": evaluate_incremental_targets(scenario),
    }


def evaluate_incremental_targets(scenario: dict) -> list[dict]:
    """The incremental scenario's targets: each refresh at most
    :data:`REFRESH_WALL_SHARE` of the full rebuild's wall time, below its peak
    memory, and the published tables identical to the rebuild's."""
    refreshes = scenario.get("refreshes", [])
    measured = bool(refreshes) and bool(scenario.get("full_rebuild"))
    wall = [r.get("wall_ratio") for r in refreshes]
    memory = [r.get("memory_ratio") for r in refreshes]
    measured = measured and None not in wall and None not in memory
    compared = scenario.get("compared_tables", [])
    differences = scenario.get("differences", {})
    return [
        {
            "target": f"refresh <= {REFRESH_WALL_SHARE:.0%} of the full rebuild's wall time "
            "(slowest refresh)",
            "value": max(wall) if measured else None,
            "applies": True,
            "met": max(wall) <= REFRESH_WALL_SHARE if measured else None,
        },
        {
            "target": "refresh peak memory < the full rebuild's (largest refresh)",
            "value": max(memory) if measured else None,
            "applies": True,
            "met": max(memory) < 1 if measured else None,
        },
        {
            "target": f"published tables identical to the full rebuild's ({len(compared)} "
            "compared)",
            "value": (
                "identical"
                if compared and not differences
                else (", ".join(sorted(differences)) + " differ" if differences else None)
            ),
            "applies": True,
            "met": (not differences) if compared else None,
        },
    ]


def reproduce_command(config: BenchmarkConfig) -> str:
    """The command line that reproduces this run."""
    scale = f"--scale {config.scale}" if config.scale else f"--order-lines {config.order_lines}"
    parts = [f"python -m segwarehouse.benchmark {scale}"]
    if config.seed != DEFAULT_SEED:
        parts.append(f"--seed {config.seed}")
    if not config.dbt_tests:
        parts.append("--skip-dbt-tests")
    if config.dbt_threads != 1:
        parts.append(f"--dbt-threads {config.dbt_threads}")
    parts.append(f"--memory-limit {config.memory_limit}")
    if config.target != "duckdb":
        parts.append(f"--target {config.target}")
    if tuple(config.references) != tuple(ALL_REFERENCES):
        parts.append(f"--references {','.join(config.references)}")
    if config.refreshes:
        parts.append(f"--refreshes {config.refreshes}")
    if config.incremental_only:
        parts.append("--incremental-only")
    return " ".join(parts)


def result_file_name(result: dict) -> str:
    """``<scale>.json`` for a full build, ``<scale>-incremental.json`` for the scenario."""
    suffix = "-incremental" if result.get("kind") == INCREMENTAL_KIND else ""
    return f"{result['scale']}{suffix}.json"


def write_result(result: dict, config: BenchmarkConfig) -> Path:
    """Write the result JSON to ``out_dir`` (:func:`result_file_name`) and refresh
    the markdown file; returns the JSON path."""
    from .report import update_markdown

    out_dir = Path(config.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / result_file_name(result)
    path.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n")
    if config.markdown is not None:
        update_markdown(Path(config.markdown), out_dir)
    return path


__all__ = [
    "CHECKS",
    "BenchmarkConfig",
    "compare_checks",
    "compute_comparisons",
    "run_benchmark",
]
