-- One row per customer the propensity model learns from
-- (int_propensity_customers_sampled: at most `propensity_sample_size` of the
-- customers of customer_features as of the training cut-off, the first by
-- md5(customer_id)), with all their features as of the cut-off
-- (int_propensity_customers_featured__training: customer_features and the
-- purchase-rhythm figures from the same models, as_of minus
-- `propensity_horizon_days`) and the label `has_purchased` = a clean purchase
-- day after the cut-off and on or before the as-of date (int_customer_days).
-- The features know nothing after the cut-off; only the label looks past it.
with

int_propensity_customers_sampled as (
    select customer_id from {{ ref('int_propensity_customers_sampled') }}
),

int_propensity_customers_featured__training as (
    select * from {{ ref('int_propensity_customers_featured__training') }}
),

int_as_of_date__training as (
    select as_of_date as cutoff_date from {{ ref('int_as_of_date__training') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

int_customer_days as (
    select
        customer_id,
        purchase_date
    from {{ ref('int_customer_days') }}
),

buyers_after_cutoff as (
    select distinct int_customer_days.customer_id
    from int_customer_days
    cross join int_as_of_date__training
    cross join int_as_of_date
    where
        int_customer_days.purchase_date > int_as_of_date__training.cutoff_date
        and int_customer_days.purchase_date <= int_as_of_date.as_of_date
),

customers_labelled as (
    select
        int_propensity_customers_featured__training.*,
        int_as_of_date__training.cutoff_date,
        buyers_after_cutoff.customer_id is not null as has_purchased
    from int_propensity_customers_sampled
    inner join int_propensity_customers_featured__training
        on
            int_propensity_customers_sampled.customer_id
            = int_propensity_customers_featured__training.customer_id
    cross join int_as_of_date__training
    left join buyers_after_cutoff
        on
            int_propensity_customers_featured__training.customer_id
            = buyers_after_cutoff.customer_id
)

select * from customers_labelled
