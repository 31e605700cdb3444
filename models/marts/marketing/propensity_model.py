"""Fit the purchase-propensity model by backtest; score every current customer.

Thin on purpose: load, call the package, return. The logic (split, fit,
threshold, metrics, scoring) lives in ``segwarehouse.propensity`` and is
unit-tested there. Parameters: the ``propensity_*`` vars, passed in through
``config.meta.propensity``. Training rows: int_propensity_customers_labelled
(features as of the cut-off, label after it); scored rows: the publication
date's rows of int_propensity_customers_featured (the same features as of the
as-of date). Both dates come from int_as_of_dates. Whether the run fits
again or scores with the fit stored in this model's own table: vars
`refit`, `refit_after_days` (docs/refits.md); a scoring run does not read
the training rows.
"""

from segwarehouse.propensity import SCORING_BATCH_ROWS, fit_propensity_artifacts
from segwarehouse.refit import read_stored_artifacts


def model(dbt, session):
    config = dbt.config.meta_get("propensity")
    # Read before the build replaces it: the stored fit, without its scores.
    stored = read_stored_artifacts(session, dbt.this, skip_artifacts=("score",))
    labelled = dbt.ref("int_propensity_customers_labelled")
    dates = dbt.ref("int_as_of_dates").df().set_index("date_role")["as_of_date"]
    as_of_date = dates["publication"]
    cutoff_date = dates["propensity_training"]

    # A function, called once the fit (if any) has read its rows: the batch
    # reader holds the connection's open result until drained. The
    # publication date's rows (the features are keyed by as_of_date), in
    # customer_id order: a row's probability can differ in the last bits with
    # its position in a batch (BLAS kernels), and the table's row order is not
    # fixed between builds.
    def scoring():
        return (
            dbt.ref("int_propensity_customers_featured")
            .filter(f"as_of_date = cast('{as_of_date:%Y-%m-%d}' as date)")
            .order("customer_id")
            .to_arrow_reader(SCORING_BATCH_ROWS)
        )

    return fit_propensity_artifacts(
        labelled, scoring, config, as_of_date, cutoff_date, stored, dbt.is_incremental
    )
