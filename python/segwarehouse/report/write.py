"""Write the report file atomically from a warehouse file, and the command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from segwarehouse.report.page import DEFAULT_SAMPLE_SIZE, DEFAULT_TOP_PAIRS, build_report

DEFAULT_DB = Path(os.environ.get("SEGMENTS_PUBLISH_DIR", "publish")) / "warehouse.duckdb"


def write_report(
    db_path: Path,
    out_path: Path,
    *,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    top_pairs: int = DEFAULT_TOP_PAIRS,
) -> Path:
    """Build the report from ``db_path`` (opened read-only) and write it to ``out_path``.

    The file is written under a temporary name and renamed, so a reader never
    sees half a page. Returns ``out_path``.
    """
    db_path, out_path = Path(db_path), Path(out_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"no warehouse at {db_path} (run `make run` first)")
    with duckdb.connect(str(db_path), read_only=True) as connection:
        page = build_report(connection, sample_size=sample_size, top_pairs=top_pairs)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, out_path)
    return out_path


def main(argv: list[str] | None = None) -> int:
    """``python -m segwarehouse.report --db F --out F [--sample-size N] [--top-pairs N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m segwarehouse.report",
        description="Write a self-contained HTML report of the segments.",
    )
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})"
    )
    parser.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file")
    parser.add_argument(
        "--sample-size",
        type=_positive,
        default=DEFAULT_SAMPLE_SIZE,
        help=f"customers drawn on the map (default {DEFAULT_SAMPLE_SIZE})",
    )
    parser.add_argument(
        "--top-pairs",
        type=_positive,
        default=DEFAULT_TOP_PAIRS,
        help=f"product pairs shown (default {DEFAULT_TOP_PAIRS})",
    )
    args = parser.parse_args(argv)
    try:
        path = write_report(
            args.db, args.out, sample_size=args.sample_size, top_pairs=args.top_pairs
        )
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote {path}")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text}")
    return value
