-- One row per customer the propensity model learns from: the customers of
-- customer_features as of the training cut-off (a clean purchase day on or
-- before it), at most `propensity_sample_size` of them, the first by
-- md5(customer_id). The cut-off is the propensity_training date of
-- int_as_of_dates.
{%- set sample_size = checked_var('propensity_sample_size') %}

with

int_customer_days as (
    select
        customer_id,
        purchase_date
    from {{ ref('int_customer_days') }}
),

int_as_of_dates as (
    select as_of_date as cutoff_date
    from {{ ref('int_as_of_dates') }}
    where date_role = 'propensity_training'
),

customers_before_cutoff as (
    select distinct int_customer_days.customer_id
    from int_customer_days
    inner join int_as_of_dates
        on int_customer_days.purchase_date <= int_as_of_dates.cutoff_date
),

customers_sampled as (
    select customer_id
    from customers_before_cutoff
    order by md5(customer_id)
    limit {{ sample_size }}
)

select * from customers_sampled
