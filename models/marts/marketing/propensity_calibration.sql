-- Predicted against observed buy rate (the reliability diagram), one row per
-- method, evaluation, binning and bin with customers:
-- - evaluation `held_out`: every method on the held-out customers of the
--   backtest (the customers of propensity_model_metrics and
--   propensity_gains); `cross_fitted`: the published method on every
--   labelled customer, each scored by the method fitted without its fold
--   (about four times the held-out customers, so a bin's observed rate is
--   about half as noisy);
-- - binning `probability`: tenths of the calibrated probability (bin 1:
--   [0, 0.1), ..., bin 10: [0.9, 1]); `decile`: tenths of the customers by
--   calibrated probability (1 = highest; ties by customer_id).
-- Per bin: customers, buyers (a clean purchase in the horizon after the
-- cut-off), mean predicted probability and observed buy rate.
with

propensity_model as (
    select
        artifact,
        method,
        customer_id,
        purchase_probability,
        has_purchased
    from {{ ref('propensity_model') }}
    where artifact in ('run', 'backtest', 'crossfit')
),

runs as (
    select method as published_method
    from propensity_model
    where artifact = 'run'
),

predictions as (
    select
        method,
        customer_id,
        purchase_probability,
        has_purchased,
        case
            when artifact = 'backtest' then 'held_out' else 'cross_fitted'
        end as evaluation
    from propensity_model
    where artifact in ('backtest', 'crossfit')
),

predictions_binned as (
    select
        method,
        evaluation,
        'probability' as binning,
        purchase_probability,
        has_purchased,
        least(cast(floor(purchase_probability * 10) as integer) + 1, 10)
            as bin
    from predictions
    union all
    select
        method,
        evaluation,
        'decile' as binning,
        purchase_probability,
        has_purchased,
        ntile(10) over (
            partition by method, evaluation
            order by purchase_probability desc, customer_id asc
        ) as bin
    from predictions
),

bins_counted as (
    select
        method,
        evaluation,
        binning,
        bin,
        count(*) as customers,
        count(case when has_purchased then 1 end) as buyers,
        {{ deterministic_aggregate('avg', 'purchase_probability') }}
            as mean_predicted_probability
    from predictions_binned
    group by method, evaluation, binning, bin
),

calibration_described as (
    select
        bins_counted.method,
        bins_counted.evaluation,
        bins_counted.binning,
        bins_counted.bin,
        bins_counted.customers,
        bins_counted.buyers,
        bins_counted.mean_predicted_probability,
        bins_counted.method = runs.published_method as is_published,
        cast(bins_counted.buyers as double) / bins_counted.customers
            as observed_buy_rate
    from bins_counted
    cross join runs
)

select * from calibration_described
