-- One row per method of the propensity backtest and decile of its score
-- among the held-out customers (1 = the tenth with the highest scores; ties
-- ordered by customer_id, deciles as SQL's ntile(10)): customers, buyers
-- (a clean purchase in the horizon after the cut-off), buy rate, mean
-- calibrated probability, cumulative customers and buyers from decile 1
-- down, the cumulative share of all buyers captured, and lift = the
-- decile's buy rate over the held-out buy rate (cumulative_lift: the same
-- for deciles 1..this one). Decile 1's lift is the method's
-- top_decile_lift in propensity_model_metrics.
with

propensity_model as (
    select
        artifact,
        method,
        customer_id,
        score,
        purchase_probability,
        has_purchased
    from {{ ref('propensity_model') }}
    where artifact in ('run', 'backtest')
),

runs as (
    select method as published_method
    from propensity_model
    where artifact = 'run'
),

backtest_ranked as (
    select
        method,
        purchase_probability,
        has_purchased,
        ntile(10) over (
            partition by method
            order by score desc, customer_id asc
        ) as decile
    from propensity_model
    where artifact = 'backtest'
),

deciles_counted as (
    select
        method,
        decile,
        count(*) as customers,
        count(case when has_purchased then 1 end) as buyers,
        {{ deterministic_aggregate('avg', 'purchase_probability') }}
            as mean_predicted_probability
    from backtest_ranked
    group by method, decile
),

deciles_accumulated as (
    select
        *,
        sum(customers) over (
            partition by method order by decile
            rows between unbounded preceding and current row
        ) as cumulative_customers,
        sum(buyers) over (
            partition by method order by decile
            rows between unbounded preceding and current row
        ) as cumulative_buyers,
        sum(customers) over (partition by method) as method_customers,
        sum(buyers) over (partition by method) as method_buyers
    from deciles_counted
),

gains_described as (
    select
        deciles_accumulated.method,
        deciles_accumulated.decile,
        deciles_accumulated.customers,
        deciles_accumulated.buyers,
        deciles_accumulated.mean_predicted_probability,
        deciles_accumulated.cumulative_customers,
        deciles_accumulated.cumulative_buyers,
        deciles_accumulated.method = runs.published_method as is_published,
        cast(deciles_accumulated.buyers as double)
        / deciles_accumulated.customers as buy_rate,
        cast(deciles_accumulated.cumulative_customers as double)
        / deciles_accumulated.method_customers as cumulative_share_of_customers,
        case
            when deciles_accumulated.method_buyers > 0
                then
                    cast(deciles_accumulated.cumulative_buyers as double)
                    / deciles_accumulated.method_buyers
        end as cumulative_share_of_buyers,
        case
            when deciles_accumulated.method_buyers > 0
                then
                    cast(deciles_accumulated.buyers as double)
                    * deciles_accumulated.method_customers
                    / (
                        deciles_accumulated.customers
                        * deciles_accumulated.method_buyers
                    )
        end as lift,
        case
            when deciles_accumulated.method_buyers > 0
                then
                    cast(deciles_accumulated.cumulative_buyers as double)
                    * deciles_accumulated.method_customers
                    / (
                        deciles_accumulated.cumulative_customers
                        * deciles_accumulated.method_buyers
                    )
        end as cumulative_lift
    from deciles_accumulated
    cross join runs
)

select * from gains_described
