-- category_pairs has one row per unordered pair, stored as category_a <
-- category_b: returns pairs stored the wrong way round or more than once.
with

category_pairs as (
    select
        category_a,
        category_b
    from {{ ref('category_pairs') }}
),

pairs_checked as (
    select
        category_a,
        category_b,
        count(*) as row_count
    from category_pairs
    group by category_a, category_b
    having count(*) > 1 or category_a >= category_b
)

select * from pairs_checked
