-- product_pairs has one row per unordered pair, stored as product_a <
-- product_b: returns pairs stored the wrong way round or more than once.
with

product_pairs as (
    select
        product_a,
        product_b
    from {{ ref('product_pairs') }}
),

pairs_checked as (
    select
        product_a,
        product_b,
        count(*) as row_count
    from product_pairs
    group by product_a, product_b
    having count(*) > 1 or product_a >= product_b
)

select * from pairs_checked
