-- Raw order lines that cannot be used: one row per quarantined raw row, with
-- its position in the file, its original values and why.
with

base_shop__order_lines as (
    select * from {{ ref('base_shop__order_lines') }}
),

quarantined as (
    select
        'order_lines' as source_table,
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'order_id', 'customer_id', 'ordered_at', 'product_id',
            'quantity', 'unit_price', 'status', 'channel',
        ]) }} as raw_values
    from base_shop__order_lines
    where not {{ reasons_are_empty('reasons') }}
)

select * from quarantined
