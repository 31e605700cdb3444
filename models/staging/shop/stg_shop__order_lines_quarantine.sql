-- Raw order lines that cannot be used: one row per quarantined raw row, with
-- its position in the file, its original values and why.
with

order_lines_validated as (
    select * from {{ ref('stg_shop__order_lines_validated') }}
),

quarantined as (
    select
        'order_lines' as source_table,
        source_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'order_id', 'customer_id', 'ordered_at', 'product_id',
            'quantity', 'unit_price', 'status', 'channel',
        ]) }} as raw_values
    from order_lines_validated
    where {{ array_length('reasons') }} > 0
)

select * from quarantined
