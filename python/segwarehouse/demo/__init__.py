"""Deterministic demo shop data in the raw-data contract layout.

``python -m segwarehouse.demo --out data/demo --truth-out data/demo_truth`` writes
the shipped demo (CSV); ``--order-lines 10000000 --format parquet`` writes a large
scale for benchmarks, one chunk of customers at a time.
"""

from .writer import DEFAULT_SEED, write_dataset

__all__ = ["DEFAULT_SEED", "write_dataset"]
