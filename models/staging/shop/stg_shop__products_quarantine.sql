-- Raw product rows that cannot be used: one row per quarantined raw row, with
-- its position in the file, its original values and why.
with

base_shop__products as (
    select * from {{ ref('base_shop__products') }}
),

quarantined as (
    select
        'products' as source_table,
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'product_id', 'product_name', 'category', 'brand', 'list_price',
        ]) }} as raw_values
    from base_shop__products
    where not {{ reasons_are_empty('reasons') }}
)

select * from quarantined
