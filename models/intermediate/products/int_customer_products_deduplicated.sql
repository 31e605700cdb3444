-- One row per customer and product they bought (any purchase line on or
-- before the as-of date), with the date of the first such line. Guest lines
-- (no customer_id) are left out.
with

int_purchase_lines_filtered as (
    select
        customer_id,
        product_id,
        ordered_date
    from {{ ref('int_purchase_lines_filtered') }}
    where customer_id is not null
),

products_deduplicated as (
    select
        customer_id,
        product_id,
        min(ordered_date) as first_purchased_date
    from int_purchase_lines_filtered
    group by customer_id, product_id
)

select * from products_deduplicated
