-- One row per recommendation date, customer and product the customer had
-- bought on or before that date. The dates are those of int_as_of_dates with
-- role publication or recommendation_backtest (once each when they share a
-- date): every recommendation model computes its figures for each of them
-- from these rows alone, so the backtest never sees a later purchase.
with

int_customer_products_deduplicated as (
    select
        customer_id,
        product_id,
        first_purchased_date
    from {{ ref('int_customer_products_deduplicated') }}
),

int_as_of_dates as (
    select distinct as_of_date from {{ ref('int_as_of_dates') }}
    where date_role in ('publication', 'recommendation_backtest')
),

products_dated as (
    select
        int_as_of_dates.as_of_date,
        int_customer_products_deduplicated.customer_id,
        int_customer_products_deduplicated.product_id
    from int_customer_products_deduplicated
    inner join int_as_of_dates
        on
            int_customer_products_deduplicated.first_purchased_date
            <= int_as_of_dates.as_of_date
)

select * from products_dated
