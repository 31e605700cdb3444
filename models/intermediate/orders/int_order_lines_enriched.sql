-- One row per clean order line, with its product's name, category and brand
-- and whether it is a non-product item (int_products_identified). product_id
-- is compared as product_id_folded (upper case when var
-- fold_product_id_case is true). Lines whose product_id is not among the
-- clean products (or is empty) are kept, not dropped: product analytics must
-- not lose revenue. They have has_known_product = false and NULL product
-- columns. Non-product lines count for revenue; the product models leave
-- them out (int_purchase_lines_filtered).
with

stg_shop__order_lines as (
    select
        source_row_number,
        order_id,
        customer_id,
        {{ product_id_folded('product_id') }} as product_id,
        ordered_at,
        ordered_date,
        quantity,
        unit_price,
        line_revenue,
        status,
        channel,
        is_return,
        is_cancelled,
        is_purchase
    from {{ ref('stg_shop__order_lines') }}
),

int_products_identified as (
    select
        product_id,
        product_name,
        category,
        brand,
        is_listed,
        is_non_product_item
    from {{ ref('int_products_identified') }}
),

enriched as (
    select
        stg_shop__order_lines.*,
        int_products_identified.product_name,
        int_products_identified.category,
        int_products_identified.brand,
        coalesce(int_products_identified.is_listed, false)
            as has_known_product,
        coalesce(int_products_identified.is_non_product_item, false)
            as is_non_product_item
    from stg_shop__order_lines
    left join int_products_identified
        on stg_shop__order_lines.product_id = int_products_identified.product_id
)

select * from enriched
