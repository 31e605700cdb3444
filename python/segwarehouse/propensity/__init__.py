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
evaluation
    F1-optimal threshold and the classification metrics.
training
    :func:`fit_propensity` (split, fit, threshold, held-out metrics) and
    :func:`score_customers`.
dbt_model
    The function the dbt Python model calls and its artifact table.
"""

from .dbt_model import ARTIFACT_SCHEMA, SCORING_BATCH_ROWS, fit_propensity_artifacts
from .estimator import PropensityClassifier, make_pipeline
from .evaluation import classification_metrics, f1_optimal_threshold
from .params import ALGORITHMS, PropensityParams
from .training import PropensityFit, fit_propensity, score_customers

__all__ = [
    "ALGORITHMS",
    "ARTIFACT_SCHEMA",
    "SCORING_BATCH_ROWS",
    "PropensityClassifier",
    "PropensityFit",
    "PropensityParams",
    "classification_metrics",
    "f1_optimal_threshold",
    "fit_propensity",
    "fit_propensity_artifacts",
    "make_pipeline",
    "score_customers",
]
