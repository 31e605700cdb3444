-- customer_features must hold exactly the customers of customer_rfm (both:
-- one row per customer with a clean purchase). Returns the odd ones out.
with

customer_rfm as (
    select customer_id from {{ ref('customer_rfm') }}
),

customer_features as (
    select customer_id from {{ ref('customer_features') }}
),

missing_from_features as (
    select
        customer_rfm.customer_id,
        'missing from customer_features' as problem
    from customer_rfm
    left join customer_features
        on customer_rfm.customer_id = customer_features.customer_id
    where customer_features.customer_id is null
),

missing_from_rfm as (
    select
        customer_features.customer_id,
        'missing from customer_rfm' as problem
    from customer_features
    left join customer_rfm
        on customer_features.customer_id = customer_rfm.customer_id
    where customer_rfm.customer_id is null
),

problems as (
    select * from missing_from_features
    union all
    select * from missing_from_rfm
)

select * from problems
