-- One row per order of a known customer on or before the as-of date (order_id;
-- should dirty data give one order_id to two customers, one row per order_id
-- and customer_id), from its clean, non-cancelled lines: purchase lines
-- (completed, quantity > 0) and return lines (negative quantity or status
-- returned). Cancelled lines never count.
with

int_customer_lines_filtered as (
    select
        order_id,
        customer_id,
        product_id,
        ordered_at,
        quantity,
        line_revenue,
        channel,
        is_purchase,
        is_return
    from {{ ref('int_customer_lines_filtered') }}
),

orders_aggregated as (
    select
        order_id,
        customer_id,
        cast(min(ordered_at) as date) as ordered_date,
        min(ordered_at) as ordered_at,
        min(channel) as channel,
        count(*) as line_count,
        count(case when is_purchase then 1 end) as purchase_line_count,
        count(case when is_return then 1 end) as return_line_count,
        coalesce(sum(case when is_purchase then quantity end), 0)
            as item_count,
        count(distinct case when is_purchase then product_id end)
            as distinct_product_count,
        coalesce(sum(case when is_purchase then line_revenue end), 0)
            as purchase_revenue,
        coalesce(-sum(case when is_return then line_revenue end), 0)
            as return_value,
        sum(line_revenue) as net_revenue
    from int_customer_lines_filtered
    group by order_id, customer_id
),

orders_flagged as (
    select
        *,
        purchase_line_count > 0 as is_purchase_order
    from orders_aggregated
)

select * from orders_flagged
