"""Command line: ``python -m segwarehouse.demo --out DIR [--truth-out DIR] ...``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .writer import DEFAULT_SEED, DEMO_CUSTOMERS, write_dataset


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the demo shop's raw tables.")
    parser.add_argument("--out", type=Path, required=True, help="raw data directory to write")
    parser.add_argument("--truth-out", type=Path, help="directory for the planted truth files")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--customers", type=int, default=DEMO_CUSTOMERS)
    size.add_argument(
        "--order-lines", type=int, help="about this many order lines (sets the customer count)"
    )
    parser.add_argument("--products", type=int, default=300)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = write_dataset(
        args.out,
        args.truth_out,
        customers=args.customers,
        order_lines=args.order_lines,
        products=args.products,
        seed=args.seed,
        file_format=args.format,
    )
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{table} {rows:,}" for table, rows in sorted(counts.items()))
    print(f"wrote {args.out} in {elapsed:.1f}s: {summary}")


if __name__ == "__main__":
    main()
