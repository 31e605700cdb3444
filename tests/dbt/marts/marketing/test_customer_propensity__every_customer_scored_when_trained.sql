-- With a trained model every customer of customer_features has a
-- probability in [0, 1]; without one customer_propensity is empty. Returns
-- the metrics row when the count of scored customers is wrong, or a
-- probability out of range.
with

propensity_model_metrics as (
    select
        status,
        scored_customers
    from {{ ref('propensity_model_metrics') }}
    where method_kind = 'model'
),

customer_features as (
    select count(*) as customer_count from {{ ref('customer_features') }}
),

customer_propensity as (
    select
        customer_id,
        purchase_probability
    from {{ ref('customer_propensity') }}
),

wrong_counts as (
    select
        propensity_model_metrics.status as problem,
        propensity_model_metrics.scored_customers as checked_value
    from propensity_model_metrics
    cross join customer_features
    where
        propensity_model_metrics.scored_customers
        != case
            when propensity_model_metrics.status = 'trained'
                then customer_features.customer_count
            else 0
        end
),

out_of_range as (
    select
        'probability out of range' as problem,
        purchase_probability as checked_value
    from customer_propensity
    where purchase_probability < 0 or purchase_probability > 1
)

select * from wrong_counts
union all
select * from out_of_range
