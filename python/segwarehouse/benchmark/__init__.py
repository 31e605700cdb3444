"""Benchmark of the warehouse: scale and speed against the floor and the pandas approach.

``python -m segwarehouse.benchmark --scale 1M|10M|50M`` (see BENCHMARKS.md). The
modules: ``data`` (generate or reuse the Parquet data), ``measure`` (wall time
and peak memory of a process tree), ``dbt_results`` (run_results.json parser),
``references`` (floor, hand-written DuckDB, pandas + scikit-learn), ``runner``
(one run) and ``report`` (markdown).
"""
