-- Clean order lines: one row per usable raw order line (see the quarantine
-- model beside it for the rest). Typed, trimmed, flagged.
with

base_shop__order_lines as (
    select * from {{ ref('base_shop__order_lines') }}
),

clean as (
    select
        source_row_number,
        order_id,
        customer_id,
        product_id,
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
    from base_shop__order_lines
    where {{ reasons_are_empty('reasons') }}
)

select * from clean
