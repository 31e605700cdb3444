-- propensity_gains and propensity_model_metrics describe the same held-out
-- customers: per method the deciles add up to test_size customers and to
-- test_base_rate, decile 1's lift is the metrics' top_decile_lift, and the
-- last decile captures every buyer. Returns the methods where one fails.
with

propensity_gains as (
    select
        method,
        decile,
        customers,
        buyers,
        lift,
        cumulative_share_of_buyers
    from {{ ref('propensity_gains') }}
),

propensity_model_metrics as (
    select
        method,
        test_size,
        test_base_rate,
        top_decile_lift
    from {{ ref('propensity_model_metrics') }}
    where status = 'trained'
),

gains_summed as (
    select
        method,
        sum(customers) as customers,
        sum(buyers) as buyers,
        max(case when decile = 1 then lift end) as top_decile_lift,
        max(case when decile = 10 then cumulative_share_of_buyers end)
            as share_of_buyers_captured
    from propensity_gains
    group by method
),

mismatches as (
    select
        propensity_model_metrics.method,
        gains_summed.customers,
        propensity_model_metrics.test_size,
        gains_summed.top_decile_lift,
        propensity_model_metrics.top_decile_lift as metrics_top_decile_lift
    from propensity_model_metrics
    left join gains_summed
        on propensity_model_metrics.method = gains_summed.method
    where
        gains_summed.method is null
        or gains_summed.customers != propensity_model_metrics.test_size
        or abs(
            cast(gains_summed.buyers as double) / gains_summed.customers
            - propensity_model_metrics.test_base_rate
        ) > 1e-9
        or abs(
            gains_summed.top_decile_lift - propensity_model_metrics.top_decile_lift
        ) > 1e-9
        or abs(gains_summed.share_of_buyers_captured - 1) > 1e-9
)

select * from mismatches
