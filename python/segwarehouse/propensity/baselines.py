"""What a marketer would rank customers by instead of a trained model.

Each baseline turns customer features into a score, higher = more likely to
buy: ``order_count``, ``recency`` (fewer days since the last purchase),
``rfm_score`` (r_score + f_score + m_score) and ``bgnbd`` (the BG/NBD model's
expected purchases within the horizon, fitted by lifetimes).
"""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter
from lifetimes.utils import ConvergenceError

#: Baseline methods, in the order the metrics list them.
BASELINES = ("order_count", "recency", "rfm_score", "bgnbd")
#: Optimiser tolerances tried in turn: on data where a BG/NBD parameter runs to
#: its bound (no dropout, as on Online Retail) scipy stops with "precision
#: loss" at lifetimes' default 1e-7 although the likelihood has converged.
BGNBD_TOLERANCES = (1e-7, 1e-6, 1e-5, 1e-4)
BGNBD_COLUMNS = ("frequency", "recency", "t")
#: The feature columns each baseline's score reads.
BASELINE_COLUMNS = {
    "order_count": ("order_count",),
    "recency": ("recency_days",),
    "rfm_score": ("r_score", "f_score", "m_score"),
    "bgnbd": BGNBD_COLUMNS,
}


def missing_columns(method: str, frame: pd.DataFrame) -> str | None:
    """Why baseline ``method`` cannot score ``frame`` (absent columns), or None."""
    missing = [name for name in BASELINE_COLUMNS[method] if name not in frame.columns]
    return f"{method} needs the column(s) {', '.join(missing)}" if missing else None


def fit_bgnbd(frame: pd.DataFrame, penalizer: float) -> BetaGeoFitter:
    """lifetimes' BG/NBD fitted on ``frequency``, ``recency`` and ``t`` of ``frame``.

    The tolerances of :data:`BGNBD_TOLERANCES` are tried in turn; the fitted
    model's ``tol_`` says which one converged.

    Raises
    ------
    ValueError
        When no tolerance converges (the message says so).
    """
    summary = frame[list(BGNBD_COLUMNS)].astype("float64")
    for tolerance in BGNBD_TOLERANCES:
        fitter = BetaGeoFitter(penalizer_coef=penalizer)
        try:
            # lifetimes prints scipy's result when it does not converge, and
            # the optimiser's trial steps overflow harmlessly on the way.
            with (
                contextlib.redirect_stdout(io.StringIO()),
                warnings.catch_warnings(),
                np.errstate(all="ignore"),
            ):
                warnings.simplefilter("ignore", RuntimeWarning)
                fitter.fit(summary["frequency"], summary["recency"], summary["t"], tol=tolerance)
        except ConvergenceError:
            continue
        fitter.tol_ = tolerance
        if _gives_finite_figures(fitter, summary):
            return fitter
    raise ValueError(
        f"the BG/NBD fit did not converge to finite figures (penalizer {penalizer}, tolerances "
        f"{BGNBD_TOLERANCES}); try a larger propensity_bgnbd_penalizer"
    )


def _gives_finite_figures(fitter: BetaGeoFitter, summary: pd.DataFrame) -> bool:
    """Whether the fit's figures for its own customers are finite: an optimum
    on the parameters' bound can overflow them."""
    with np.errstate(all="ignore"):
        figures = bgnbd_figures(fitter, summary, horizon_days=1)
    return bool(np.isfinite(figures.to_numpy()).all())


def bgnbd_figures(fitter: BetaGeoFitter | None, frame: pd.DataFrame, horizon_days: int):
    """``expected_purchases`` in the next ``horizon_days`` and ``probability_alive``.

    One row per row of ``frame`` (same index); NaN without a fitted model.
    """
    if fitter is None or frame.empty:
        nan = np.full(len(frame), np.nan)
        return pd.DataFrame(
            {"expected_purchases": nan, "probability_alive": nan}, index=frame.index
        )
    summary = frame[list(BGNBD_COLUMNS)].astype("float64")
    expected = fitter.conditional_expected_number_of_purchases_up_to_time(
        horizon_days, summary["frequency"], summary["recency"], summary["t"]
    )
    alive = fitter.conditional_probability_alive(
        summary["frequency"], summary["recency"], summary["t"]
    )
    return pd.DataFrame(
        {
            "expected_purchases": np.asarray(expected, dtype="float64"),
            "probability_alive": np.asarray(alive, dtype="float64"),
        },
        index=frame.index,
    )


def baseline_score(method: str, frame: pd.DataFrame) -> np.ndarray:
    """The score of baseline ``method`` for every row of ``frame`` (higher = likelier).

    ``frame`` holds the customer features and, for ``bgnbd``, the column
    ``expected_purchases`` (:func:`bgnbd_figures`).
    """
    if method == "order_count":
        score = frame["order_count"]
    elif method == "recency":
        score = -frame["recency_days"].astype("float64")
    elif method == "rfm_score":
        score = frame["r_score"] + frame["f_score"] + frame["m_score"]
    elif method == "bgnbd":
        score = frame["expected_purchases"]
    else:
        raise ValueError(f"baseline must be one of {BASELINES}, got {method!r}")
    return score.astype("float64").to_numpy()
