-- Clean products: one row per product_id (see the quarantine model beside it
-- for the rest). Trimmed; list_price typed.
with

base_shop__products as (
    select * from {{ ref('base_shop__products') }}
),

clean as (
    select
        source_row_number,
        product_id,
        product_name,
        category,
        brand,
        list_price
    from base_shop__products
    where {{ reasons_are_empty('reasons') }}
)

select * from clean
