-- One row per clean purchase line of a product on or before the as-of date:
-- completed status, quantity > 0, product_id present, not a non-product item
-- (postage, fees, ...: int_products_identified). Every product-pair and
-- recommendation figure starts here; returns, cancellations, lines without a
-- product, non-product items and later lines never reach a basket. Products missing from the
-- products table are kept (with a NULL category).
{{ config(materialized='table') }}
-- A table, not a view: several product models read it, and as a view each
-- of them would re-run the order-line staging, validation and product join.

with

int_order_lines_enriched as (
    select
        source_row_number,
        order_id,
        customer_id,
        product_id,
        category,
        ordered_date,
        is_purchase,
        is_non_product_item
    from {{ ref('int_order_lines_enriched') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

purchase_lines as (
    select
        int_order_lines_enriched.source_row_number,
        int_order_lines_enriched.order_id,
        int_order_lines_enriched.customer_id,
        int_order_lines_enriched.product_id,
        int_order_lines_enriched.category,
        int_order_lines_enriched.ordered_date
    from int_order_lines_enriched
    cross join int_as_of_date
    where
        int_order_lines_enriched.is_purchase
        and int_order_lines_enriched.product_id is not null
        and not int_order_lines_enriched.is_non_product_item
        and int_order_lines_enriched.ordered_date <= int_as_of_date.as_of_date
)

select * from purchase_lines
