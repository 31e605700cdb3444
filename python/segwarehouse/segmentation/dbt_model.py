"""What the dbt Python model ``segment_model`` calls: load, fit, return.

The model stays thin::

    previous = read_previous_artifacts(session, dbt.this)
    sample = dbt.ref("segment_training_sample").to_arrow_table()
    return fit_segment_artifacts(sample, config, previous, as_of_date, dbt.is_incremental)

Whether the run fits or scores with the stored fit: :mod:`segwarehouse.refit`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from ..refit import (
    RefitSchedule,
    as_artifact_schema,
    decide_refit,
    label_run,
    read_stored_artifacts,
    run_row_of,
    stored_fit,
)
from .model import ARTIFACT_SCHEMA, ID_COLUMN, PreviousRun, Segmenter, empty_artifact_table
from .params import SegmentationParams


def read_previous_artifacts(session, this) -> pa.Table | None:
    """The model's own table as the previous run left it, or None on a first run.

    See :func:`segwarehouse.refit.read_stored_artifacts`.
    """
    return read_stored_artifacts(session, this)


def fit_segment_artifacts(
    sample: pd.DataFrame | pa.Table,
    config: dict[str, Any],
    previous_artifacts: pa.Table | pd.DataFrame | None = None,
    as_of_date=None,
    is_incremental: bool = True,
) -> pa.Table:
    """Fit the segmentation on ``sample``, or keep the stored fit; return the artifact table.

    Parameters
    ----------
    sample : DataFrame or Arrow table
        One row per customer: ``customer_id`` and the feature columns.
    config : dict
        :class:`SegmentationParams` fields (None = default) plus the schedule
        keys ``refit`` and ``refit_after_days``
        (:class:`~segwarehouse.refit.RefitSchedule`); the dbt model passes
        ``config.meta.segmentation``, i.e. the ``segment_<field>`` vars and
        the vars ``refit``, ``refit_after_days``. Without ``features``, every
        column of ``sample`` but ``customer_id`` is a feature (the dbt model:
        segment_training_sample selects them).
    previous_artifacts : table, optional
        The stored artifact table (the fit to score with, stable ids,
        adjusted Rand index, run counter: this run is number previous + 1).
    as_of_date : date-like, optional
        The as-of date of the data (``int_as_of_date``), recorded on the
        ``run`` row; anything :class:`pandas.Timestamp` accepts, None or NaT.
    is_incremental : bool
        False on ``--full-refresh`` (``dbt.is_incremental``): the run fits.

    Returns
    -------
    pyarrow.Table
        See :meth:`Segmenter.artifact_table`; every row carries the
        ``run_number``, the ``run`` row also ``run_kind`` (``fitted`` or
        ``scored``), ``fit_run_number``, ``fitted_as_of_date`` and
        ``refit_reason``. A scored run returns the stored fit's rows
        unchanged but for these labels: SQL scores every customer with them.
        Without any customer (e.g. raw data holding only guest orders) and
        nothing stored, just the ``run`` row, with k = 0, so that every
        downstream model builds, empty.
    """
    frame = sample.to_pandas() if isinstance(sample, pa.Table) else sample
    config = dict(config or {})
    schedule = RefitSchedule.pop_from(config)
    if config.get("features") is None:
        config["features"] = [name for name in frame.columns if name != ID_COLUMN]
    params = SegmentationParams.from_mapping(config)
    run_number = previous_run_number(previous_artifacts) + 1
    as_of_date = None if pd.isna(as_of_date) else pd.Timestamp(as_of_date).date()
    previous = PreviousRun.from_artifacts(previous_artifacts)
    stored = stored_fit(run_row_of(previous_artifacts), has_model=previous is not None)
    decision = decide_refit(schedule, stored, as_of_date, params.to_json(), is_incremental)
    if not decision.refit:
        kept = as_artifact_schema(previous_artifacts, ARTIFACT_SCHEMA)
        return label_run(kept, run_number, as_of_date, stored, decision)
    if frame.empty:
        table = empty_artifact_table(params, run_number, as_of_date)
    else:
        segmenter = Segmenter.from_params(params).fit(frame, previous=previous)
        table = segmenter.artifact_table(run_number, as_of_date)
    return label_run(table, run_number, as_of_date, None, decision)


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
