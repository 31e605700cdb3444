-- One row per customer the propensity model learns from
-- (int_propensity_customers_sampled: at most `propensity_sample_size` of the
-- customers with a clean purchase day on or before the training cut-off, the
-- first by md5(customer_id)), with all their features as of the cut-off (the
-- rows of int_propensity_customers_featured whose as_of_date is the
-- propensity_training date of int_as_of_dates: as_of minus
-- `propensity_horizon_days`) and the label `has_purchased` = a clean purchase
-- day after the cut-off and on or before the publication's as-of date
-- (int_customer_days). The features know nothing after the cut-off; only the
-- label looks past it.
with

int_propensity_customers_sampled as (
    select customer_id from {{ ref('int_propensity_customers_sampled') }}
),

int_propensity_customers_featured as (
    select * from {{ ref('int_propensity_customers_featured') }}
),

int_as_of_dates as (
    select
        date_role,
        as_of_date
    from {{ ref('int_as_of_dates') }}
    where date_role in ('publication', 'propensity_training')
),

int_customer_days as (
    select
        customer_id,
        purchase_date
    from {{ ref('int_customer_days') }}
),

label_window as (
    select
        max(case when date_role = 'propensity_training' then as_of_date end)
            as cutoff_date,
        max(case when date_role = 'publication' then as_of_date end)
            as as_of_date
    from int_as_of_dates
),

training_rows as (
    select int_propensity_customers_featured.*
    from int_propensity_customers_featured
    inner join label_window
        on int_propensity_customers_featured.as_of_date = label_window.cutoff_date
),

buyers_after_cutoff as (
    select distinct int_customer_days.customer_id
    from int_customer_days
    inner join label_window
        on
            int_customer_days.purchase_date > label_window.cutoff_date
            and int_customer_days.purchase_date <= label_window.as_of_date
),

customers_labelled as (
    select
        training_rows.*,
        label_window.cutoff_date,
        buyers_after_cutoff.customer_id is not null as has_purchased
    from int_propensity_customers_sampled
    inner join training_rows
        on int_propensity_customers_sampled.customer_id = training_rows.customer_id
    cross join label_window
    left join buyers_after_cutoff
        on training_rows.customer_id = buyers_after_cutoff.customer_id
)

select * from customers_labelled
