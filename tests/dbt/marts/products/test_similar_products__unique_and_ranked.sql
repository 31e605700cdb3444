-- similar_products names each partner once per product, never the product
-- itself, ranks 1..n without gaps with lift that does not increase, and only
-- uses pairs at or above the minimum support: returns rows that break this.
with

similar_products as (
    select
        product_id,
        similar_rank,
        similar_product_id,
        lift,
        support
    from {{ ref('similar_products') }}
),

ranks_checked as (
    select
        product_id,
        similar_product_id,
        similar_rank,
        lift,
        support,
        count(*) over (
            partition by product_id, similar_product_id
        ) as partner_rows,
        row_number() over (
            partition by product_id
            order by similar_rank
        ) as expected_rank,
        lag(lift) over (
            partition by product_id
            order by similar_rank
        ) as previous_lift
    from similar_products
),

problems as (
    select *
    from ranks_checked
    where
        partner_rows > 1
        or product_id = similar_product_id
        or similar_rank <> expected_rank
        or similar_rank > {{ checked_var('similar_products_per_product') }}
        or lift > previous_lift
        or support < {{ checked_var('similar_products_min_support') }}
)

select * from problems
