"""Purchase propensity: who is likely to buy within the next N days.

Trained by backtest: features as of ``as_of - N days`` (the customer feature
models themselves, through their training twins) labelled with whether the
customer bought in the N days after that cut-off; then every current customer
is scored.

Modules
-------
params
    :class:`PropensityParams`, validated from dbt vars.
estimator
    :class:`PropensityClassifier`: imputation / scaling plus logistic
    regression, random forest or gradient boosting.
baselines
    Order count, recency, RFM score and BG/NBD (lifetimes) as ranking scores.
evaluation
    Rankings, top shares and the held-out metrics of a method.
training
    :func:`fit_propensity` (split, fit the model and the baselines,
    calibrate, held-out metrics, pick the published method) and
    :func:`score_customers`.
dbt_model
    The function the dbt Python model calls and its artifact table.
"""

from .baselines import BASELINES, baseline_score, bgnbd_figures, fit_bgnbd
from .dbt_model import ARTIFACT_SCHEMA, SCORING_BATCH_ROWS, fit_propensity_artifacts
from .estimator import PropensityClassifier, make_pipeline
from .evaluation import flag_top_share, method_metrics, ranked
from .params import ALGORITHMS, PropensityParams
from .training import PropensityFit, fit_propensity, score_customers

__all__ = [
    "ALGORITHMS",
    "ARTIFACT_SCHEMA",
    "BASELINES",
    "SCORING_BATCH_ROWS",
    "PropensityClassifier",
    "PropensityFit",
    "PropensityParams",
    "baseline_score",
    "bgnbd_figures",
    "fit_bgnbd",
    "fit_propensity",
    "fit_propensity_artifacts",
    "flag_top_share",
    "make_pipeline",
    "method_metrics",
    "ranked",
    "score_customers",
]
