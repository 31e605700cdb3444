-- Clean products: one row per product_id (see the quarantine model beside it
-- for the rest). Trimmed; list_price typed.
with

products_validated as (
    select * from {{ ref('stg_shop__products_validated') }}
),

clean as (
    select
        source_row_number,
        product_id,
        product_name,
        category,
        brand,
        list_price
    from products_validated
    where {{ array_length('reasons') }} = 0
)

select * from clean
