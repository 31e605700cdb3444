-- One row per customer and recommended product: up to
-- `recommendations_per_customer` products the customer has not bought,
-- ranked by item-to-item score (docs block recommendation_score). The
-- ranking is computed in int_recommendations_ranked (Python: a sparse matrix
-- product, much cheaper than the join + group-by it replaces); here the exact
-- integer score in 1e-12 units becomes the published decimal, and the
-- product's name is attached (NULL when not listed).
with

int_recommendations_ranked as (
    select
        customer_id,
        recommendation_rank,
        product_id,
        score_units,
        source_product_count
    from {{ ref('int_recommendations_ranked') }}
),

recommendations as (
    select
        customer_id,
        recommendation_rank,
        product_id,
        source_product_count,
        -- decimal(24, 0) holds any bigint; 24 + 13 digits keep the product's
        -- 12 decimals on Spark too (beyond 38 digits it drops scale).
        cast(
            cast(score_units as decimal(24, 0))
            * cast(0.000000000001 as decimal(13, 12)) as decimal(38, 12)
        ) as score
    from int_recommendations_ranked
)

select
    recommendations.customer_id,
    recommendations.recommendation_rank,
    recommendations.product_id,
    {{ product_name_of('recommendations.product_id') }} as product_name,
    recommendations.score,
    recommendations.source_product_count
from recommendations
