-- One row per customer of customer_features (scored as of the as-of date):
-- the calibrated probability of a clean purchase within the next
-- `propensity_horizon_days` days from the method that did best in the
-- backtest (`method`, see propensity_model_metrics), its ranking score,
-- whether the customer is a likely buyer under the run's rule (the top
-- `propensity_top_share` by score, or a calibrated probability at or above
-- `propensity_threshold`), the decile (1 = the tenth most likely to buy),
-- BG/NBD's expected purchases and probability of being alive, and the
-- customer's segments. Ties in the score are ordered by customer_id. Empty
-- when the backtest had too little data to fit a model
-- (propensity_model_metrics.status says why).
with

propensity_model as (
    select
        artifact,
        customer_id,
        method,
        score,
        purchase_probability,
        expected_purchases,
        probability_alive,
        status,
        algorithm,
        as_of_date,
        horizon_days,
        threshold,
        top_share
    from {{ ref('propensity_model') }}
    where artifact in ('run', 'score')
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
        method,
        algorithm,
        as_of_date,
        horizon_days,
        threshold,
        top_share
    from propensity_model
    where artifact = 'run' and status = 'trained'
),

scores_ranked as (
    select
        customer_id,
        score,
        purchase_probability,
        expected_purchases,
        probability_alive,
        row_number() over (
            order by score desc, customer_id asc
        ) as score_rank,
        ntile(10) over (
            order by score desc, customer_id asc
        ) as propensity_decile,
        count(*) over () as scored_customers
    from propensity_model
    where artifact = 'score'
),

customers_scored as (
    select
        scores_ranked.customer_id,
        scores_ranked.purchase_probability,
        scores_ranked.score as propensity_score,
        case
            when runs.threshold is not null
                then scores_ranked.purchase_probability >= runs.threshold
            else scores_ranked.score_rank <= ceil(
                round(runs.top_share * scores_ranked.scored_customers, 9)
            )
        end as is_likely_buyer,
        scores_ranked.propensity_decile,
        scores_ranked.expected_purchases,
        scores_ranked.probability_alive,
        runs.method,
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
    from scores_ranked
    cross join runs
    left join customer_segments
        on scores_ranked.customer_id = customer_segments.customer_id
    left join customer_rfm
        on scores_ranked.customer_id = customer_rfm.customer_id
)

select * from customers_scored
