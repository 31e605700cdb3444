-- One row per clean order line of a known customer on or before the as-of
-- date, cancelled lines left out: the purchases (`is_purchase`) and returns
-- (`is_return`) every customer feature starts from. Guest lines (no
-- customer_id) and later lines never reach a customer figure.
{{ config(materialized='table') }}
-- A table, not a view: the customer-day, order and pattern models all read
-- it, and as a view each of them would re-run the order-line validation.

with

stg_shop__order_lines as (
    select
        source_row_number,
        order_id,
        customer_id,
        product_id,
        ordered_at,
        ordered_date,
        quantity,
        line_revenue,
        channel,
        is_return,
        is_cancelled,
        is_purchase
    from {{ ref('stg_shop__order_lines') }}
),

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

customer_lines as (
    select
        stg_shop__order_lines.source_row_number,
        stg_shop__order_lines.order_id,
        stg_shop__order_lines.customer_id,
        stg_shop__order_lines.product_id,
        cast(null as {{ dbt.type_string() }}) as category,
        stg_shop__order_lines.ordered_at,
        stg_shop__order_lines.ordered_date,
        stg_shop__order_lines.quantity,
        stg_shop__order_lines.line_revenue,
        stg_shop__order_lines.channel,
        stg_shop__order_lines.is_purchase,
        stg_shop__order_lines.is_return
    from stg_shop__order_lines
    cross join int_as_of_date
    where
        stg_shop__order_lines.customer_id is not null
        and not stg_shop__order_lines.is_cancelled
        and stg_shop__order_lines.ordered_date <= int_as_of_date.as_of_date
)

select * from customer_lines
