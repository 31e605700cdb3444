-- Clean order lines: one row per usable raw order line (see the quarantine
-- model beside it for the rest). Typed, trimmed, flagged.
with

order_lines_validated as (
    select * from {{ ref('stg_shop__order_lines_validated') }}
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
    from order_lines_validated
    where {{ array_length('reasons') }} = 0
)

select * from clean
