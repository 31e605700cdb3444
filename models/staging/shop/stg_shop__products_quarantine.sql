-- Raw product rows that cannot be used: one row per quarantined raw row, with
-- its position in the file, its original values and why.
with

products_validated as (
    select * from {{ ref('stg_shop__products_validated') }}
),

quarantined as (
    select
        'products' as source_table,
        source_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'product_id', 'product_name', 'category', 'brand', 'list_price',
        ]) }} as raw_values
    from products_validated
    where {{ array_length('reasons') }} > 0
)

select * from quarantined
