"""What the dbt Python model ``segment_model`` calls: load, fit, return.

The model stays thin::

    previous = read_previous_artifacts(session, dbt.this)
    sample = dbt.ref("segment_training_sample").to_arrow_table()
    return fit_segment_artifacts(sample, config, previous, as_of_date)
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from .model import ID_COLUMN, PreviousRun, Segmenter, empty_artifact_table
from .params import SegmentationParams


def read_previous_artifacts(session, this) -> pa.Table | None:
    """The model's own table as the previous run left it, or None on a first run.

    dbt-duckdb builds a Python table model into a temporary relation and only
    then swaps it in, so while the model runs ``dbt.this`` still holds the
    previous run's artifacts.

    Parameters
    ----------
    session : duckdb.DuckDBPyConnection
        The ``session`` argument of the dbt Python model.
    this : object
        ``dbt.this`` (``database``, ``schema``, ``identifier`` attributes;
        ``repr`` is the quoted relation name).
    """
    found = session.execute(
        "select count(*) from information_schema.tables"
        " where table_catalog = ? and table_schema = ? and table_name = ?",
        [this.database, this.schema, this.identifier],
    ).fetchall()
    if not found[0][0]:
        return None
    return session.sql(f"select * from {this!r}").to_arrow_table()


def fit_segment_artifacts(
    sample: pd.DataFrame | pa.Table,
    config: dict[str, Any],
    previous_artifacts: pa.Table | pd.DataFrame | None = None,
    as_of_date=None,
) -> pa.Table:
    """Fit the segmentation on ``sample`` and return its artifact table.

    Parameters
    ----------
    sample : DataFrame or Arrow table
        One row per customer: ``customer_id`` and the feature columns.
    config : dict
        :class:`SegmentationParams` fields (None = default); the dbt model
        passes ``config.meta.segmentation``, i.e. the ``segment_<field>`` vars.
        Without ``features``, every column of ``sample`` but ``customer_id``
        is a feature (the dbt model: segment_training_sample selects them).
    previous_artifacts : table, optional
        The previous run's artifact table (stable ids, adjusted Rand index,
        run counter: this run is number previous + 1).
    as_of_date : date-like, optional
        The as-of date of the data (``int_as_of_date``), recorded on the
        ``run`` row; anything :class:`pandas.Timestamp` accepts, None or NaT.

    Returns
    -------
    pyarrow.Table
        See :meth:`Segmenter.artifact_table`. Without any customer (e.g. raw
        data holding only guest orders) just the ``run`` row, with k = 0, so
        that every downstream model builds, empty.
    """
    frame = sample.to_pandas() if isinstance(sample, pa.Table) else sample
    config = dict(config or {})
    if config.get("features") is None:
        config["features"] = [name for name in frame.columns if name != ID_COLUMN]
    params = SegmentationParams.from_mapping(config)
    run_number = previous_run_number(previous_artifacts) + 1
    as_of_date = None if pd.isna(as_of_date) else pd.Timestamp(as_of_date).date()
    if frame.empty:
        return empty_artifact_table(params, run_number, as_of_date)
    previous = PreviousRun.from_artifacts(previous_artifacts)
    segmenter = Segmenter.from_params(params).fit(frame, previous=previous)
    return segmenter.artifact_table(run_number, as_of_date)


def previous_run_number(previous_artifacts: pa.Table | pd.DataFrame | None) -> int:
    """The run counter of the previous artifact table (0 when there is none)."""
    if previous_artifacts is None:
        return 0
    frame = (
        previous_artifacts.to_pandas()
        if isinstance(previous_artifacts, pa.Table)
        else previous_artifacts
    )
    if "run_number" not in frame.columns:
        return 0
    numbers = frame.loc[frame["artifact"] == "run", "run_number"].dropna()
    return int(numbers.max()) if len(numbers) else 0
