-- One row per clean order line, with its product's name, category and brand.
-- Lines whose product_id is not among the clean products (or is empty) are
-- kept, not dropped: product analytics must not lose revenue. They have
-- has_known_product = false and NULL product columns.
with

stg_shop__order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

stg_shop__products as (
    select
        product_id,
        product_name,
        category,
        brand
    from {{ ref('stg_shop__products') }}
),

enriched as (
    select
        stg_shop__order_lines.*,
        stg_shop__products.product_name,
        stg_shop__products.category,
        stg_shop__products.brand,
        stg_shop__products.product_id is not null as has_known_product
    from stg_shop__order_lines
    left join stg_shop__products
        on stg_shop__order_lines.product_id = stg_shop__products.product_id
)

select * from enriched
