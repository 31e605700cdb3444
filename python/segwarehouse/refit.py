"""Fit on a schedule, score every run: when a stored model is fitted again.

The segmentation and propensity models keep their last fit in their own
table (dbt Python models, incremental). Each run either fits again or
scores every customer with the stored fit; :func:`decide_refit` says which,
from the vars ``refit`` (``auto`` | ``always`` | ``never``) and
``refit_after_days``, the run's as-of date and what the stored fit records.
Age is measured in the data's as-of dates, never the wall clock, so the same
input, vars and stored state always give the same decision (docs/refits.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

POLICIES = ("auto", "always", "never")
DEFAULT_POLICY = "auto"
DEFAULT_AFTER_DAYS = 30
#: Keys of a Python model's ``config.meta`` block that carry the schedule.
SCHEDULE_KEYS = ("refit", "refit_after_days")
RUN_KIND_FITTED = "fitted"
RUN_KIND_SCORED = "scored"


@dataclass(frozen=True)
class RefitSchedule:
    """The validated vars ``refit`` and ``refit_after_days``."""

    policy: str = DEFAULT_POLICY
    after_days: int = DEFAULT_AFTER_DAYS

    def __post_init__(self) -> None:
        if self.policy not in POLICIES:
            raise ValueError(f"refit must be one of {POLICIES}, got {self.policy!r}")
        if self.after_days < 1:
            raise ValueError(f"refit_after_days must be >= 1, got {self.after_days!r}")

    @classmethod
    def pop_from(cls, config: dict[str, Any]) -> RefitSchedule:
        """The schedule of a ``config.meta`` mapping, removing its keys from it."""
        policy = config.pop("refit", None)
        after_days = config.pop("refit_after_days", None)
        policy = DEFAULT_POLICY if policy in (None, "") else str(policy).strip()
        if after_days in (None, ""):
            after_days = DEFAULT_AFTER_DAYS
        message = f"refit_after_days must be a whole number, got {after_days!r}"
        try:
            days = float(after_days)
        except (TypeError, ValueError):
            raise ValueError(message) from None
        if not days.is_integer():
            raise ValueError(message)
        return cls(policy, int(days))


@dataclass(frozen=True)
class StoredFit:
    """What the stored table says about its fit.

    Attributes
    ----------
    run_number : int
        The run that wrote the table (fitted or scored).
    fit_run_number : int
        The run that fitted the stored model.
    fitted_as_of_date : date or None
        The as-of date of the data the model was fitted on.
    parameters : str or None
        The fit's parameters as canonical JSON.
    has_model : bool
        Whether the fit produced something to score with (segments, a
        trained propensity model).
    """

    run_number: int
    fit_run_number: int
    fitted_as_of_date: dt.date | None
    parameters: str | None
    has_model: bool


@dataclass(frozen=True)
class RefitDecision:
    """Whether this run fits (``refit``) and why, in words (``reason``)."""

    refit: bool
    reason: str

    @property
    def run_kind(self) -> str:
        """``fitted`` or ``scored``."""
        return RUN_KIND_FITTED if self.refit else RUN_KIND_SCORED


def decide_refit(
    schedule: RefitSchedule,
    stored: StoredFit | None,
    as_of_date,
    parameters: str | None,
    is_incremental: bool = True,
) -> RefitDecision:
    """Fit again, or score with the stored fit?

    Always fits without a usable stored model (empty warehouse, a fit that
    produced no model) and on ``--full-refresh`` (``is_incremental`` false).
    Otherwise ``always`` fits and ``never`` scores; ``auto`` fits when the
    stored model is more than ``after_days`` days older than this run's
    as-of date, when it was fitted as of a later date than this run's (a
    backtest must not score with a model that saw its future), when either
    date is unknown, or when the fit's parameters changed.
    """
    if stored is None:
        return RefitDecision(True, "no stored model")
    if not stored.has_model:
        return RefitDecision(True, "the stored fit has no model to score with")
    if not is_incremental:
        return RefitDecision(True, "full refresh")
    if schedule.policy == "always":
        return RefitDecision(True, "refit: always")
    if schedule.policy == "never":
        return RefitDecision(False, "refit: never")
    as_of = _date(as_of_date)
    if as_of is None or stored.fitted_as_of_date is None:
        return RefitDecision(True, "the as-of date of this run or of the fit is unknown")
    age = (as_of - stored.fitted_as_of_date).days
    if age < 0:
        return RefitDecision(True, f"the stored model was fitted as of a later date ({-age} days)")
    if age > schedule.after_days:
        return RefitDecision(
            True, f"stored model {age} days old, refit_after_days {schedule.after_days}"
        )
    if parameters is not None and stored.parameters != parameters:
        return RefitDecision(True, "parameters changed since the fit")
    return RefitDecision(
        False, f"stored model {age} days old, within refit_after_days {schedule.after_days}"
    )


def stored_fit(run_row: dict | None, has_model: bool) -> StoredFit | None:
    """A :class:`StoredFit` from the stored ``run`` row (None: no row).

    Tables written before the schedule existed lack ``fit_run_number`` and
    ``fitted_as_of_date``: their run fitted the model as of its own date.
    """
    if run_row is None:
        return None
    run_number = _integer(run_row.get("run_number")) or 0
    fit_run_number = _integer(run_row.get("fit_run_number")) or run_number
    fitted = _date(run_row.get("fitted_as_of_date")) or _date(run_row.get("as_of_date"))
    return StoredFit(run_number, fit_run_number, fitted, run_row.get("parameters"), has_model)


def run_row_of(artifacts: pa.Table | pd.DataFrame | None) -> dict | None:
    """The ``run`` row of an artifact table as a dict (None: no table or no row)."""
    if artifacts is None:
        return None
    frame = artifacts.to_pandas() if isinstance(artifacts, pa.Table) else artifacts
    if "artifact" not in frame.columns:
        return None
    runs = frame[frame["artifact"] == "run"]
    if runs.empty:
        return None
    if "run_number" in runs.columns:
        runs = runs.sort_values("run_number", na_position="first")
    return runs.iloc[-1].to_dict()


def as_artifact_schema(artifacts: pa.Table | pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """A stored artifact table in ``schema``: its columns cast, absent ones NULL.

    A table written by an earlier version of the model may lack later columns.
    """
    table = artifacts if isinstance(artifacts, pa.Table) else pa.Table.from_pandas(artifacts)
    columns = [
        table.column(field.name).cast(field.type)
        if field.name in table.column_names
        else pa.nulls(table.num_rows, type=field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def label_run(
    table: pa.Table,
    run_number: int,
    as_of_date,
    stored: StoredFit | None,
    decision: RefitDecision,
) -> pa.Table:
    """``table`` labelled as run ``run_number``: every row's ``run_number``, and
    on the ``run`` row the as-of date, ``run_kind``, ``refit_reason`` and which
    fit the run used (``fit_run_number``, ``fitted_as_of_date``: this run when
    it fitted, else the stored fit's)."""
    as_of = _date(as_of_date)
    if decision.refit or stored is None:
        fit_number, fitted_as_of = run_number, as_of
    else:
        fit_number, fitted_as_of = stored.fit_run_number, stored.fitted_as_of_date
    is_run = pc.equal(table.column("artifact"), "run")
    values = {
        "as_of_date": as_of,
        "run_kind": decision.run_kind,
        "refit_reason": decision.reason,
        "fit_run_number": fit_number,
        "fitted_as_of_date": fitted_as_of,
    }
    for name, value in values.items():
        index = table.schema.get_field_index(name)
        kind = table.schema.field(name).type
        column = pc.if_else(is_run, pa.scalar(value, type=kind), table.column(name))
        table = table.set_column(index, name, column.cast(kind))
    index = table.schema.get_field_index("run_number")
    kind = table.schema.field("run_number").type
    numbers = pa.array([run_number] * table.num_rows, type=kind)
    return table.set_column(index, "run_number", numbers)


def read_stored_artifacts(session, this, skip_artifacts: tuple[str, ...] = ()) -> pa.Table | None:
    """The model's own table as the previous run left it, or None on a first run.

    dbt-duckdb builds a Python model into a temporary or intermediate
    relation and only then merges or swaps it in, so while the model runs
    ``dbt.this`` still holds the previous run's artifacts (also under
    ``--full-refresh``). Rows whose ``artifact`` is in ``skip_artifacts``
    are not read (e.g. one score row per customer).

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
    sql = f"select * from {this!r}"
    if skip_artifacts:
        listed = ", ".join("'" + name.replace("'", "''") + "'" for name in skip_artifacts)
        sql += f" where artifact not in ({listed})"
    return session.sql(sql).to_arrow_table()


def _date(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _integer(value) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)
