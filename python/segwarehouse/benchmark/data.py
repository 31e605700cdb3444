"""Benchmark data: demo-generator Parquet at a scale, reused when already there.

A data directory holds the six raw tables and a marker file
(:data:`MARKER_NAME`) naming the order-line count and seed it was generated
with. A directory with a matching marker and every file present is reused; one
with another marker is regenerated; a non-empty directory without a marker is
refused, so that the benchmark never overwrites someone's data.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .measure import run_measured

MARKER_NAME = ".segwarehouse-benchmark.json"
RAW_TABLES = ("order_lines", "customers", "products", "events", "campaigns", "campaign_touches")
SCALES = {"1M": 1_000_000, "10M": 10_000_000, "50M": 50_000_000}


def order_lines_of(scale: str) -> int:
    """Order lines of a scale label: ``1M``, ``10M``, ``50M``, or e.g. ``20k``, ``2.5M``."""
    if scale in SCALES:
        return SCALES[scale]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", scale.strip())
    if not match:
        raise ValueError(f"scale must look like 1M, 10M, 50M or 20k, got {scale!r}")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return round(float(match.group(1)) * factor)


def scale_label(order_lines: int) -> str:
    """Short label of an order-line count: 1000000 -> ``1M``, 20000 -> ``20k``."""
    for divisor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if order_lines >= divisor and order_lines % (divisor // 10) == 0:
            value = order_lines / divisor
            return f"{value:g}{suffix}"
    return str(order_lines)


def read_marker(data_dir: Path) -> dict | None:
    """The marker of ``data_dir``, or None."""
    path = Path(data_dir) / MARKER_NAME
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def raw_row_counts(data_dir: Path) -> dict[str, int]:
    """Rows per raw Parquet file of ``data_dir`` (from the file metadata)."""
    import pyarrow.parquet as pq

    counts = {}
    for table in RAW_TABLES:
        path = Path(data_dir) / f"{table}.parquet"
        if path.exists():
            counts[table] = pq.ParquetFile(path).metadata.num_rows
    return counts


def is_reusable(data_dir: Path, order_lines: int, seed: int) -> bool:
    """Whether ``data_dir`` already holds the data of this scale and seed."""
    marker = read_marker(data_dir)
    return (
        marker is not None
        and marker.get("order_lines") == order_lines
        and marker.get("seed") == seed
        and marker.get("format") == "parquet"
        and all((Path(data_dir) / f"{table}.parquet").exists() for table in RAW_TABLES)
    )


def ensure_dataset(data_dir: Path, order_lines: int, seed: int, log_path: Path) -> dict:
    """Make sure ``data_dir`` holds the Parquet data of this scale and seed.

    Returns
    -------
    dict
        ``reused``, ``generate_seconds`` and ``generate_peak_rss_bytes`` (None
        when reused), ``raw_rows`` and ``raw_bytes`` per table.
    """
    data_dir = Path(data_dir)
    info: dict = {"dir": str(data_dir), "order_lines_requested": order_lines, "seed": seed}
    if is_reusable(data_dir, order_lines, seed):
        marker = read_marker(data_dir)
        info.update(
            reused=True,
            generate_seconds=marker.get("generate_seconds"),
            generate_peak_rss_bytes=marker.get("generate_peak_rss_bytes"),
        )
    else:
        if data_dir.exists() and any(data_dir.iterdir()) and read_marker(data_dir) is None:
            raise FileExistsError(
                f"{data_dir} is not empty and holds no benchmark marker ({MARKER_NAME}); "
                "pass an empty or new directory to --keep-data"
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / MARKER_NAME).unlink(missing_ok=True)
        command = [
            sys.executable,
            "-m",
            "segwarehouse.demo",
            "--out",
            str(data_dir),
            "--order-lines",
            str(order_lines),
            "--seed",
            str(seed),
            "--format",
            "parquet",
        ]
        measurement = run_measured(command, stdout_path=log_path)
        if measurement.returncode != 0:
            raise RuntimeError(
                f"demo generator failed with exit code {measurement.returncode}; see {log_path}"
            )
        info.update(
            reused=False,
            generate_seconds=round(measurement.wall_seconds, 3),
            generate_peak_rss_bytes=measurement.peak_tree_rss_bytes,
        )
        marker = {
            "order_lines": order_lines,
            "seed": seed,
            "format": "parquet",
            "generate_seconds": info["generate_seconds"],
            "generate_peak_rss_bytes": info["generate_peak_rss_bytes"],
        }
        (data_dir / MARKER_NAME).write_text(json.dumps(marker, indent=2) + "\n")
    info["raw_rows"] = raw_row_counts(data_dir)
    info["raw_bytes"] = {
        table: (data_dir / f"{table}.parquet").stat().st_size
        for table in RAW_TABLES
        if (data_dir / f"{table}.parquet").exists()
    }
    return info
