"""Command line: ``python -m segwarehouse.benchmark --scale 1M|10M|50M [...]``.

Generates (or reuses) the demo data at the scale as Parquet, runs the full
``dbt build`` on it into a fresh DuckDB file, runs the references on the same
files, writes ``<out>/<scale>.json`` and refreshes the results block of
``BENCHMARKS.md``. With ``--refreshes K`` it also runs the incremental
scenario (an initial build, K refreshes of about 1% of the order lines each,
a full rebuild, the comparison; benchmark.incremental) into
``<out>/<scale>-incremental.json``. See BENCHMARKS.md for what is measured
and how.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..dbt_runner import PROJECT_ROOT
from .data import SCALES, order_lines_of
from .references import REFERENCES
from .report import fmt_bytes, fmt_ratio, fmt_seconds, incremental_builds
from .runner import DEFAULT_SEED, BenchmarkConfig, result_file_name, run_benchmark


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m segwarehouse.benchmark",
        description="Benchmark the full dbt build against hand-written DuckDB and pandas.",
    )
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--scale", choices=sorted(SCALES, key=SCALES.get), help="order lines")
    # Hidden: any order-line count (tests use a tiny one).
    size.add_argument("--order-lines", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--out",
        type=Path,
        default=PROJECT_ROOT / "benchmarks" / "results",
        help="directory for <scale>.json (default: benchmarks/results)",
    )
    parser.add_argument(
        "--keep-data",
        type=Path,
        metavar="DIR",
        help="generate the data into DIR and keep it; reused when it already holds "
        "this scale and seed (default: a temporary directory, deleted)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo generator seed")
    parser.add_argument(
        "--memory-limit",
        help="DuckDB memory_limit (default: $SEGMENTS_DUCKDB_MEMORY_LIMIT, else 16GB "
        "from 50M lines on, else 8GB)",
    )
    parser.add_argument("--duckdb-threads", type=int, default=2)
    parser.add_argument(
        "--dbt-threads",
        type=int,
        default=1,
        help="models dbt runs at once (default 1, so that per-model times are not "
        "inflated by models sharing the cores)",
    )
    parser.add_argument(
        "--references",
        default=",".join(REFERENCES),
        help="comma-separated references to run (default: all): " + ", ".join(REFERENCES),
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        default=PROJECT_ROOT / "BENCHMARKS.md",
        help="markdown file whose results block is refreshed (default: BENCHMARKS.md)",
    )
    parser.add_argument("--no-markdown", action="store_true", help="do not touch the markdown")
    parser.add_argument(
        "--target",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="spark: also build the same data on local Spark after the DuckDB build "
        "and record both (needs Java 17 and requirements-spark.txt; docs/spark.md)",
    )
    parser.add_argument(
        "--refreshes",
        type=int,
        default=0,
        metavar="K",
        help="also run the incremental scenario: an initial build, K refreshes that "
        "each add about 1%% of the order lines (whole trailing days), a full rebuild "
        "(default 0: not run)",
    )
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="with --refreshes: run only the incremental scenario (no separate full "
        "build, no references; <scale>.json is left alone)",
    )
    parser.add_argument("--work-dir", type=Path, help="keep DuckDB files and logs here")
    parser.add_argument("--timeout", type=float, help="seconds per measured step")
    # Hidden: build without data tests and unit tests (quick runs in the test suite).
    parser.add_argument("--skip-dbt-tests", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = [name for name in args.references.split(",") if name and name not in REFERENCES]
    if unknown:
        parser.error(f"unknown reference(s): {', '.join(unknown)}")
    if args.refreshes < 0 or (args.incremental_only and not args.refreshes):
        parser.error("--incremental-only needs --refreshes K with K >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 0 when the build succeeded, 1 otherwise."""
    args = parse_args(argv)
    order_lines = args.order_lines if args.order_lines else order_lines_of(args.scale)
    config = BenchmarkConfig(
        order_lines=order_lines,
        scale=args.scale,
        seed=args.seed,
        out_dir=args.out,
        data_dir=args.keep_data,
        work_dir=args.work_dir,
        keep_work=args.work_dir is not None,
        memory_limit=args.memory_limit,
        duckdb_threads=args.duckdb_threads,
        dbt_threads=args.dbt_threads,
        references=tuple(name for name in args.references.split(",") if name),
        timeout=args.timeout,
        dbt_tests=not args.skip_dbt_tests,
        markdown=None if args.no_markdown else args.markdown,
        target=args.target,
        refreshes=args.refreshes,
        incremental_only=args.incremental_only,
    )
    results = run_benchmark(config, log=lambda line: print(line, flush=True))
    ok = True
    if results["full"] is not None:
        ok = print_full(results["full"], config)
    if results["incremental"] is not None:
        ok = print_incremental(results["incremental"], config) and ok
    return 0 if ok else 1


def print_full(result: dict, config: BenchmarkConfig) -> bool:
    """Print the headline figures of the full build; whether it succeeded."""
    print(f"\nresult: {Path(config.out_dir) / result_file_name(result)}")
    print(
        f"dbt build: {fmt_seconds(result['build']['wall_seconds'])} s, ok={result['build']['ok']}"
    )
    for row in result["comparisons"]:
        print(
            f"  {row['stage']:<20} {fmt_seconds(row['ours_seconds']):>7} s  vs "
            f"{row['reference']:<16} {fmt_seconds(row['reference_seconds']):>7} s  "
            f"ours/ref {fmt_ratio(row['ratio'])}"
        )
    if "spark" in result:
        print(
            f"Spark build: {fmt_seconds(result['spark']['wall_seconds'])} s, "
            f"ok={result['spark']['ok']}, contract rows {result['spark']['row_counts']}"
        )
    print(json.dumps(result["targets"], indent=1))
    return result["build"]["ok"] and result.get("spark", {}).get("ok", True)


def print_incremental(result: dict, config: BenchmarkConfig) -> bool:
    """Print each build of the incremental scenario; whether every build succeeded
    (differing tables are reported, not a failure of the run)."""
    print(f"\nresult: {Path(config.out_dir) / result_file_name(result)}")
    for label, record in incremental_builds(result):
        print(
            f"  {label:<14} {fmt_seconds(record.get('wall_seconds')):>7} s  "
            f"peak {fmt_bytes(record.get('peak_tree_rss_bytes')):>10}  "
            f"/ full rebuild: {fmt_ratio(record.get('wall_ratio'))} wall, "
            f"{fmt_ratio(record.get('memory_ratio'))} memory, ok={record.get('ok')}"
        )
    print(json.dumps(result["targets"], indent=1))
    builds = [record for _, record in incremental_builds(result)]
    return len(builds) == config.refreshes + 2 and all(record.get("ok") for record in builds)


if __name__ == "__main__":
    sys.exit(main())
