"""Fit the purchase-propensity model by backtest; score every current customer.

Thin on purpose: load, call the package, return. The logic (split, fit,
threshold, metrics, scoring) lives in ``segwarehouse.propensity`` and is
unit-tested there. Parameters: the ``propensity_*`` vars, passed in through
``config.meta.propensity``. Training rows: int_propensity_customers_labelled
(features as of the cut-off, label after it); scored rows:
int_propensity_customers_featured (the same features as of the as-of date).
"""

from segwarehouse.propensity import SCORING_BATCH_ROWS, fit_propensity_artifacts


def model(dbt, session):
    config = dbt.config.meta_get("propensity")
    labelled = dbt.ref("int_propensity_customers_labelled").df()
    as_of_date = dbt.ref("int_as_of_date").df()["as_of_date"].iloc[0]
    cutoff_date = dbt.ref("int_as_of_date__training").df()["as_of_date"].iloc[0]
    # Last: the batch reader holds the connection's open result until drained.
    # In customer_id order: a row's probability can differ in the last bits
    # with its position in a batch (BLAS kernels), and the table's row order
    # is not fixed between builds.
    scoring = (
        dbt.ref("int_propensity_customers_featured")
        .order("customer_id")
        .to_arrow_reader(SCORING_BATCH_ROWS)
    )
    return fit_propensity_artifacts(labelled, scoring, config, as_of_date, cutoff_date)
