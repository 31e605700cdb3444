-- One row: the propensity model of this run and how well it did on the
-- held-out customers of the backtest. Trained on customer features as of
-- cutoff_date (as-of date minus horizon_days), label = a clean purchase in
-- the horizon_days after it; metrics on a stratified held-out share
-- (`propensity_test_share`) at the decision threshold (rule `f1`: the cut
-- maximising F1 on out-of-fold predictions of the training split; `fixed`:
-- var `propensity_threshold`). status `not_enough_data`: no model, the
-- reason in status_reason, metrics NULL.
with

propensity_model as (
    select * from {{ ref('propensity_model') }}
    where artifact = 'run'
),

customer_propensity as (
    select count(*) as scored_customers from {{ ref('customer_propensity') }}
),

metrics_described as (
    select
        propensity_model.as_of_date,
        propensity_model.cutoff_date,
        propensity_model.horizon_days,
        propensity_model.algorithm,
        propensity_model.status,
        propensity_model.status_reason,
        propensity_model.labelled_customers,
        propensity_model.train_size,
        propensity_model.test_size,
        propensity_model.base_rate,
        propensity_model.test_base_rate,
        propensity_model.auc,
        propensity_model.average_precision,
        propensity_model.precision,
        propensity_model.recall,
        propensity_model.f1,
        propensity_model.threshold,
        propensity_model.threshold_rule,
        propensity_model.predicted_positive_rate,
        customer_propensity.scored_customers,
        propensity_model.features,
        propensity_model.parameters
    from propensity_model
    cross join customer_propensity
)

select * from metrics_described
