-- One row per basket and product: the distinct products of each order's
-- purchase lines. A product on several lines of one order counts once.
with

int_purchase_lines_filtered as (
    select
        order_id,
        product_id,
        category
    from {{ ref('int_purchase_lines_filtered') }}
),

products_deduplicated as (
    select
        order_id,
        product_id,
        max(category) as category
    from int_purchase_lines_filtered
    group by order_id, product_id
)

select * from products_deduplicated
