"""What the dbt Python model ``propensity_model`` calls: fit, score, return.

The model stays thin::

    labelled = dbt.ref("int_propensity_customers_labelled").df()
    batches = dbt.ref("int_propensity_customers_featured").order(
        "customer_id"
    ).to_arrow_reader(SCORING_BATCH_ROWS)
    return fit_propensity_artifacts(labelled, batches, config, as_of_date, cutoff_date)

Its result is one artifact table: a ``run`` row (status, sizes, rule,
published method, parameters), a ``method`` row per method (the model and
each baseline, with its held-out metrics), a ``backtest`` row per held-out
customer and method (score, calibrated probability, label), a ``crossfit``
row per labelled customer (the published method's probability fitted
without the customer, and the label) and a ``score``
row per scored customer. The SQL models customer_propensity,
propensity_model_metrics, propensity_gains and propensity_calibration read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd
import pyarrow as pa
from threadpoolctl import threadpool_limits

from .params import PropensityParams
from .training import fit_propensity, score_customers

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
    ]
)


def fit_propensity_artifacts(
    labelled: pd.DataFrame | pa.Table,
    scoring_batches: Iterable[pd.DataFrame | pa.RecordBatch | pa.Table],
    config: dict[str, Any] | None,
    as_of_date=None,
    cutoff_date=None,
) -> pa.Table:
    """Fit on the labelled backtest customers, score the current ones.

    Parameters
    ----------
    labelled : DataFrame or Arrow table
        int_propensity_customers_labelled: features as of the cut-off and the
        label ``has_purchased``.
    scoring_batches : iterable of DataFrame / RecordBatch / Arrow table
        int_propensity_customers_featured as of the as-of date, in batches.
    config : dict
        :class:`PropensityParams` fields (the ``propensity_*`` vars).
    as_of_date, cutoff_date : date-like, optional
        Recorded on the ``run`` row.

    Returns
    -------
    pyarrow.Table
        :data:`ARTIFACT_SCHEMA`. Without a model (``not_enough_data``) only the
        ``run`` row, so that every downstream model builds, empty.
    """
    params = PropensityParams.from_mapping(config)
    frame = labelled.to_pandas() if isinstance(labelled, pa.Table) else labelled
    score_tables = []
    with threadpool_limits(limits=params.n_threads):
        fit = fit_propensity(frame, params)
        if fit.status == "trained":
            score_tables = [score_artifacts(fit, batch) for batch in scoring_batches]
    return pa.concat_tables([fit_artifacts(fit, params, as_of_date, cutoff_date), *score_tables])


def score_artifacts(fit, customers: pd.DataFrame | pa.RecordBatch | pa.Table) -> pa.Table:
    """The ``score`` rows of one batch of current customers (a trained fit)."""
    frame = customers if isinstance(customers, pd.DataFrame) else customers.to_pandas()
    scores = score_customers(fit, frame)
    scores.insert(0, "artifact", "score")
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
