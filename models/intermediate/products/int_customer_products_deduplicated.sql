-- One row per customer and product they bought (any purchase line on or
-- before the as-of date). Guest lines (no customer_id) are left out.
with

int_purchase_lines_filtered as (
    select
        customer_id,
        product_id
    from {{ ref('int_purchase_lines_filtered') }}
    where customer_id is not null
),

products_deduplicated as (
    select distinct
        customer_id,
        product_id
    from int_purchase_lines_filtered
)

select * from products_deduplicated
