"""What the dbt Python model ``propensity_model`` calls: fit, score, return.

The model stays thin::

    labelled = dbt.ref("int_propensity_customers_labelled").df()
    batches = dbt.ref("customer_features").order("customer_id").to_arrow_reader(
        SCORING_BATCH_ROWS
    )
    return fit_propensity_artifacts(labelled, batches, config, as_of_date, cutoff_date)

Its result is one artifact table: a ``run`` row (status, metrics, sizes,
threshold, parameters) and one ``score`` row per scored customer. The SQL
models customer_propensity and propensity_model_metrics read it.
"""

from __future__ import annotations

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
        ("purchase_probability", pa.float64()),
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
        ("precision", pa.float64()),
        ("recall", pa.float64()),
        ("f1", pa.float64()),
        ("threshold", pa.float64()),
        ("threshold_rule", pa.string()),
        ("predicted_positive_rate", pa.float64()),
        ("features", pa.string()),
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
        customer_features as of the as-of date, in batches.
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
            for batch in scoring_batches:
                customers = batch if isinstance(batch, pd.DataFrame) else batch.to_pandas()
                scores = score_customers(fit, customers)
                scores.insert(0, "artifact", "score")
                score_tables.append(_as_artifacts(scores))
    metrics = fit.metrics
    run = {
        "artifact": "run",
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
        "test_base_rate": metrics.get("base_rate"),
        "auc": metrics.get("auc"),
        "average_precision": metrics.get("average_precision"),
        "precision": metrics.get("precision"),
        "recall": metrics.get("recall"),
        "f1": metrics.get("f1"),
        "threshold": fit.threshold,
        "threshold_rule": params.threshold_rule,
        "predicted_positive_rate": metrics.get("predicted_positive_rate"),
        "features": ",".join(fit.estimator.features_) if fit.estimator else None,
        "parameters": params.to_json(),
    }
    return pa.concat_tables([_as_artifacts(pd.DataFrame([run])), *score_tables])


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
