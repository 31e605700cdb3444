-- One row per customer and product the customer bought (on or before the
-- publication's as-of date, int_customer_products_deduplicated): whether
-- the first purchase came after the recommendation_backtest date of
-- int_as_of_dates (`is_new`, a product the backtest's recommendations can
-- hit) or on or before it (a product the customer had already bought).
with

int_as_of_dates as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where date_role = 'recommendation_backtest'
),

int_customer_products_deduplicated as (
    select
        customer_id,
        product_id,
        first_purchased_date
    from {{ ref('int_customer_products_deduplicated') }}
),

products_timed as (
    select
        int_customer_products_deduplicated.customer_id,
        int_customer_products_deduplicated.product_id,
        int_customer_products_deduplicated.first_purchased_date
        > int_as_of_dates.as_of_date as is_new
    from int_customer_products_deduplicated
    cross join int_as_of_dates
)

select * from products_timed
