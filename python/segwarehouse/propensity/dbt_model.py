"""What the dbt Python model ``propensity_model`` calls: fit, score, return.

The model stays thin::

    stored = read_stored_artifacts(session, dbt.this, skip_artifacts=("score",))
    labelled = dbt.ref("int_propensity_customers_labelled")
    def batches():
        return dbt.ref("int_propensity_customers_featured").order(
            "customer_id"
        ).to_arrow_reader(SCORING_BATCH_ROWS)
    return fit_propensity_artifacts(
        labelled, batches, config, as_of_date, cutoff_date, stored, dbt.is_incremental
    )

Its result is one artifact table: a ``run`` row (status, sizes, rule,
published method, parameters), a ``method`` row per method (the model and
each baseline, with its held-out metrics), a ``backtest`` row per held-out
customer and method (score, calibrated probability, label), a ``crossfit``
row per labelled customer (the published method's probability fitted
without the customer, and the label) and a ``score``
row per scored customer, plus a ``fit`` row holding the fitted model. A run
fits again or scores with the stored fit (:mod:`segwarehouse.refit`); a
scoring run keeps the stored fit's rows. The SQL models customer_propensity,
propensity_model_metrics, propensity_gains and propensity_calibration read it.
"""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable, Iterable
from importlib import metadata
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from lifetimes import BetaGeoFitter
from threadpoolctl import threadpool_limits

from ..refit import (
    RefitSchedule,
    as_artifact_schema,
    decide_refit,
    label_run,
    run_row_of,
    stored_fit,
)
from .params import PropensityParams
from .training import PropensityFit, fit_propensity, score_customers

#: Customers scored per batch (bounded memory however many customers there are).
SCORING_BATCH_ROWS = 100_000

ARTIFACT_SCHEMA = pa.schema(
    [
        ("artifact", pa.string()),
        ("customer_id", pa.string()),
        ("method", pa.string()),
        ("method_kind", pa.string()),
        ("score", pa.float64()),
        ("purchase_probability", pa.float64()),
        ("has_purchased", pa.bool_()),
        ("expected_purchases", pa.float64()),
        ("probability_alive", pa.float64()),
        ("status", pa.string()),
        ("status_reason", pa.string()),
        ("algorithm", pa.string()),
        ("as_of_date", pa.date32()),
        ("cutoff_date", pa.date32()),
        ("horizon_days", pa.int32()),
        ("labelled_customers", pa.int64()),
        ("train_size", pa.int64()),
        ("test_size", pa.int64()),
        ("base_rate", pa.float64()),
        ("test_base_rate", pa.float64()),
        ("auc", pa.float64()),
        ("average_precision", pa.float64()),
        ("log_loss", pa.float64()),
        ("brier_score", pa.float64()),
        ("top_decile_lift", pa.float64()),
        ("precision", pa.float64()),
        ("recall", pa.float64()),
        ("f1", pa.float64()),
        ("threshold", pa.float64()),
        ("threshold_rule", pa.string()),
        ("top_share", pa.float64()),
        ("predicted_positive_rate", pa.float64()),
        ("features", pa.string()),
        ("bgnbd_parameters", pa.string()),
        ("parameters", pa.string()),
        ("run_number", pa.int64()),
        ("run_kind", pa.string()),
        ("fit_run_number", pa.int64()),
        ("fitted_as_of_date", pa.date32()),
        ("refit_reason", pa.string()),
        ("model_state", pa.binary()),
        ("library_versions", pa.string()),
    ]
)
#: Row kinds of the stored fit that a scoring run keeps (``score`` rows are new).
STORED_ARTIFACTS = ("run", "method", "backtest", "crossfit", "fit")
#: Libraries whose objects the stored model state holds: another version
#: cannot be trusted to read it, so the model is fitted again.
MODEL_LIBRARIES = ("lifetimes", "numpy", "scikit-learn")


def fit_propensity_artifacts(
    labelled,
    scoring_batches: Iterable[pd.DataFrame | pa.RecordBatch | pa.Table] | Callable,
    config: dict[str, Any] | None,
    as_of_date=None,
    cutoff_date=None,
    stored_artifacts: pa.Table | pd.DataFrame | None = None,
    is_incremental: bool = True,
) -> pa.Table:
    """Fit on the labelled backtest customers, or keep the stored fit; score the current ones.

    Parameters
    ----------
    labelled : DataFrame, Arrow table or relation
        int_propensity_customers_labelled: features as of the cut-off and the
        label ``has_purchased``. A relation (anything with ``df()``, e.g. a
        DuckDB relation) is only read when the run fits.
    scoring_batches : iterable of DataFrame / RecordBatch / Arrow table
        int_propensity_customers_featured as of the as-of date, in batches;
        or a function returning them, called after the fit has read
        ``labelled`` (a batch reader holds its connection's open result).
    config : dict
        :class:`PropensityParams` fields (the ``propensity_*`` vars) plus the
        schedule keys ``refit`` and ``refit_after_days``
        (:class:`~segwarehouse.refit.RefitSchedule`).
    as_of_date, cutoff_date : date-like, optional
        Recorded on the ``run`` row (``cutoff_date`` only when the run fits;
        a scoring run keeps the stored fit's).
    stored_artifacts : table, optional
        The model's stored table without its ``score`` rows
        (:data:`STORED_ARTIFACTS`): the fit to score with.
    is_incremental : bool
        False on ``--full-refresh`` (``dbt.is_incremental``): the run fits.

    Returns
    -------
    pyarrow.Table
        :data:`ARTIFACT_SCHEMA`: the fit's rows (new, or the stored ones), a
        ``fit`` row holding the fitted model, and one ``score`` row per
        customer; every row carries the ``run_number``, the ``run`` row also
        ``run_kind``, ``fit_run_number``, ``fitted_as_of_date`` and
        ``refit_reason``. Without a model (``not_enough_data``) only the
        ``run`` row, so that every downstream model builds, empty.
    """
    fit, fitted, run_number = fitted_or_stored(
        labelled, config, as_of_date, cutoff_date, stored_artifacts, is_incremental
    )
    score_tables = []
    if fit.status == "trained":
        if callable(scoring_batches):
            scoring_batches = scoring_batches()
        with threadpool_limits(limits=fit.params.n_threads):
            score_tables = [score_artifacts(fit, batch, run_number) for batch in scoring_batches]
    return pa.concat_tables([fitted, *score_tables])


def fitted_or_stored(
    labelled,
    config: dict[str, Any] | None,
    as_of_date=None,
    cutoff_date=None,
    stored_artifacts: pa.Table | pd.DataFrame | None = None,
    is_incremental: bool = True,
) -> tuple[PropensityFit, pa.Table, int]:
    """This run's fit, new or stored (the schedule decides), without scores.

    The arguments are those of :func:`fit_propensity_artifacts`. Returns the
    fit to score with, its labelled artifact rows (``run``, ``method``,
    ``backtest``, ``crossfit``, ``fit``) and the run number, which the
    ``score`` rows carry too (:func:`score_artifacts`). A runner that scores
    elsewhere (the Spark steps) calls this, then scores in batches.
    """
    config = dict(config or {})
    schedule = RefitSchedule.pop_from(config)
    params = PropensityParams.from_mapping(config)
    stored_model = stored_fit_of(stored_artifacts)
    stored = stored_fit(run_row_of(stored_artifacts), has_model=stored_model is not None)
    decision = decide_refit(schedule, stored, as_of_date, params.to_json(), is_incremental)
    run_number = (stored.run_number if stored else 0) + 1
    if decision.refit:
        if hasattr(labelled, "df"):
            labelled = labelled.df()
        frame = labelled.to_pandas() if isinstance(labelled, pa.Table) else labelled
        with threadpool_limits(limits=params.n_threads):
            fit = fit_propensity(frame, params)
        kept = pa.concat_tables(
            [fit_artifacts(fit, params, as_of_date, cutoff_date), model_artifacts(fit)]
        )
    else:
        fit = stored_model
        kept = as_artifact_schema(stored_artifacts, ARTIFACT_SCHEMA)
    return fit, label_run(kept, run_number, as_of_date, stored, decision), run_number


def model_artifacts(fit: PropensityFit) -> pa.Table:
    """The ``fit`` row: what scoring needs of a trained fit (estimator,
    calibrators, BG/NBD parameters, published method, rule), pickled, and the
    versions of the libraries that wrote it. No row without a model.

    The backtest and cross-fitted frames (customer ids) are left out; BG/NBD
    is kept as its four parameters (:func:`bgnbd_of_parameters`).
    """
    if fit.status != "trained":
        return _as_artifacts(pd.DataFrame(columns=["artifact"]))
    slim = copy.copy(fit)
    slim.backtest, slim.cross_fitted = None, None
    slim.bgnbd = bgnbd_of_parameters(fit.bgnbd)
    row = {
        "artifact": "fit",
        "model_state": pickle.dumps(slim, protocol=pickle.HIGHEST_PROTOCOL),
        "library_versions": library_versions(),
    }
    return _as_artifacts(pd.DataFrame([row]))


def bgnbd_of_parameters(fitter):
    """A BG/NBD model holding only ``fitter``'s parameters, penalizer and
    tolerance: all its figures need, without the training data (and the
    optimiser's closures, which cannot be pickled). None stays None."""
    if fitter is None:
        return None
    kept = BetaGeoFitter(penalizer_coef=fitter.penalizer_coef)
    kept.params_ = fitter.params_.copy()
    kept.tol_ = fitter.tol_
    return kept


def stored_fit_of(stored_artifacts: pa.Table | pd.DataFrame | None) -> PropensityFit | None:
    """The fit of a stored table's ``fit`` row, or None (no table, no trained
    model, or written by other versions of :data:`MODEL_LIBRARIES`)."""
    if stored_artifacts is None:
        return None
    table = as_artifact_schema(stored_artifacts, ARTIFACT_SCHEMA)
    rows = table.filter(pc.equal(table.column("artifact"), "fit")).to_pylist()
    if len(rows) != 1 or rows[0]["model_state"] is None:
        return None
    if rows[0]["library_versions"] != library_versions():
        return None
    # Unpickling runs code: the state comes from the warehouse's own table,
    # written by this model; whoever can write that table controls the
    # published scores anyway.
    return pickle.loads(rows[0]["model_state"])


def library_versions() -> str:
    """The installed versions of :data:`MODEL_LIBRARIES`, as canonical JSON."""
    return json.dumps({name: metadata.version(name) for name in MODEL_LIBRARIES}, sort_keys=True)


def score_artifacts(
    fit, customers: pd.DataFrame | pa.RecordBatch | pa.Table, run_number: int | None = None
) -> pa.Table:
    """The ``score`` rows of one batch of current customers (a trained fit),
    labelled with ``run_number``."""
    frame = customers if isinstance(customers, pd.DataFrame) else customers.to_pandas()
    scores = score_customers(fit, frame)
    scores.insert(0, "artifact", "score")
    scores["run_number"] = run_number
    return _as_artifacts(scores)


def fit_artifacts(fit, params: PropensityParams, as_of_date=None, cutoff_date=None) -> pa.Table:
    """The ``run``, ``method``, ``backtest`` and ``crossfit`` rows of a fit."""
    run = {
        "artifact": "run",
        "method": fit.published,
        "status": fit.status,
        "status_reason": fit.reason,
        "algorithm": params.algorithm,
        "as_of_date": _date(as_of_date),
        "cutoff_date": _date(cutoff_date),
        "horizon_days": params.horizon_days,
        "labelled_customers": fit.labelled_customers,
        "train_size": fit.train_size,
        "test_size": fit.test_size,
        "base_rate": fit.base_rate,
        "threshold": fit.threshold,
        "threshold_rule": params.threshold_rule,
        "top_share": params.top_share if fit.threshold is None else None,
        "features": ",".join(fit.estimator.features_) if fit.estimator else None,
        "bgnbd_parameters": _bgnbd_parameters(fit.bgnbd),
        "parameters": params.to_json(),
    }
    tables = [_as_artifacts(pd.DataFrame([run, *_method_rows(fit)]))]
    if fit.backtest is not None:
        tables.append(_as_artifacts(fit.backtest.assign(artifact="backtest")))
        tables.append(_as_artifacts(fit.cross_fitted.assign(artifact="crossfit")))
    return pa.concat_tables(tables)


def _method_rows(fit) -> list[dict]:
    """One ``method`` row per method of the backtest, with its held-out metrics."""
    rows = []
    for result in fit.methods:
        metrics = dict(result.metrics)
        rows.append(
            {
                "artifact": "method",
                "method": result.name,
                "method_kind": result.kind,
                "status": "trained" if result.metrics else "not_fitted",
                "status_reason": result.reason,
                "test_base_rate": metrics.pop("base_rate", None),
                **metrics,
            }
        )
    return rows


def _bgnbd_parameters(fitter) -> str | None:
    """The BG/NBD fit's r, alpha, a, b, penalizer and tolerance as canonical JSON."""
    if fitter is None:
        return None
    values = {name: float(value) for name, value in fitter.params_.items()}
    values.update(penalizer=float(fitter.penalizer_coef), tolerance=float(fitter.tol_))
    return json.dumps(values, sort_keys=True)


def _as_artifacts(frame: pd.DataFrame) -> pa.Table:
    """``frame`` with every artifact column (missing ones NULL), typed."""
    columns = {
        name: (
            pa.array(frame[name].tolist(), type=kind, from_pandas=True)
            if name in frame.columns
            else pa.nulls(len(frame), type=kind)
        )
        for name, kind in zip(ARTIFACT_SCHEMA.names, ARTIFACT_SCHEMA.types, strict=True)
    }
    return pa.table(columns, schema=ARTIFACT_SCHEMA)


def _date(value):
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()
