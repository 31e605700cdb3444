-- One row per clean order line of a known customer on or before the as-of
-- date that is a sale (`is_purchase`: completed, quantity > 0) or a return
-- (`is_return`: negative quantity or status returned, whatever the status,
-- so credit notes labelled cancelled are returns): every customer figure
-- starts here. A cancelled line with quantity >= 0 never was a sale and is
-- left out; guest lines (no customer_id) and later lines never reach a
-- customer figure.
{{ config(materialized='table') }}
-- A table, not a view: the customer-day, order and pattern models all read
-- it, and as a view each of them would re-run the order-line validation.

with

int_order_lines_enriched as (
    select
        source_row_number,
        order_id,
        customer_id,
        product_id,
        category,
        ordered_at,
        ordered_date,
        quantity,
        line_revenue,
        channel,
        is_return,
        is_purchase,
        is_non_product_item
    from {{ ref('int_order_lines_enriched') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

customer_lines as (
    select
        int_order_lines_enriched.source_row_number,
        int_order_lines_enriched.order_id,
        int_order_lines_enriched.customer_id,
        int_order_lines_enriched.product_id,
        int_order_lines_enriched.category,
        int_order_lines_enriched.ordered_at,
        int_order_lines_enriched.ordered_date,
        int_order_lines_enriched.quantity,
        int_order_lines_enriched.line_revenue,
        int_order_lines_enriched.channel,
        int_order_lines_enriched.is_purchase,
        int_order_lines_enriched.is_return,
        int_order_lines_enriched.is_non_product_item
    from int_order_lines_enriched
    cross join int_as_of_date
    where
        int_order_lines_enriched.customer_id is not null
        and (
            int_order_lines_enriched.is_purchase
            or int_order_lines_enriched.is_return
        )
        and int_order_lines_enriched.ordered_date <= int_as_of_date.as_of_date
)

select * from customer_lines
