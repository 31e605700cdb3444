-- One row per customer of customer_features (scored as of the as-of date):
-- the probability of a clean purchase within the next
-- `propensity_horizon_days` days from propensity_model, whether it clears the
-- model's threshold, the decile (1 = the tenth most likely to buy) and the
-- customer's segments. Empty when the backtest had too little data to fit a
-- model (propensity_model_metrics.status says why).
with

propensity_model as (
    select
        artifact,
        customer_id,
        purchase_probability,
        status,
        algorithm,
        as_of_date,
        horizon_days,
        threshold
    from {{ ref('propensity_model') }}
),

customer_rfm as (
    select
        customer_id,
        rfm_segment
    from {{ ref('customer_rfm') }}
),

customer_segments as (
    select
        customer_id,
        segment_id,
        segment_name
    from {{ ref('customer_segments') }}
),

runs as (
    select
        algorithm,
        as_of_date,
        horizon_days,
        threshold
    from propensity_model
    where artifact = 'run' and status = 'trained'
),

scores as (
    select
        customer_id,
        purchase_probability
    from propensity_model
    where artifact = 'score'
),

customers_scored as (
    select
        scores.customer_id,
        scores.purchase_probability,
        scores.purchase_probability >= runs.threshold as is_likely_buyer,
        ntile(10) over (
            order by scores.purchase_probability desc, scores.customer_id asc
        ) as propensity_decile,
        runs.as_of_date,
        cast(
            {{ dbt.dateadd('day', 'runs.horizon_days', 'runs.as_of_date') }}
            as date
        ) as horizon_end_date,
        runs.horizon_days,
        runs.algorithm,
        customer_segments.segment_id,
        customer_segments.segment_name,
        customer_rfm.rfm_segment
    from scores
    cross join runs
    left join customer_segments
        on scores.customer_id = customer_segments.customer_id
    left join customer_rfm
        on scores.customer_id = customer_rfm.customer_id
)

select * from customers_scored
