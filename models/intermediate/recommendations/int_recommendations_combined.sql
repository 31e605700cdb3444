-- One row per recommendation date, customer and recommended product of the
-- published recommender: the customer's item-CF recommendations
-- (int_recommendations_ranked) first, then, when item-CF finds fewer than
-- recommendation_depth(), the most popular products not yet bought and not
-- already recommended (int_popular_recommendations_ranked), so that a
-- customer whose few products have no neighbours (one order, new products)
-- still gets a full list. `recommendation_source` says which recommender placed each row.
{%- set depth = recommendation_depth() %}

with

int_recommendations_ranked as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id,
        score_units,
        source_product_count
    from {{ ref('int_recommendations_ranked') }}
),

int_popular_recommendations_ranked as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id
    from {{ ref('int_popular_recommendations_ranked') }}
),

item_cf_rows as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id,
        'item_cf' as recommendation_source,
        cast(score_units as decimal(38, 0))
        * cast(0.000000000001 as decimal(13, 12)) as score,
        source_product_count
    from int_recommendations_ranked
),

popular_fill as (
    select
        int_popular_recommendations_ranked.as_of_date,
        int_popular_recommendations_ranked.customer_id,
        -- After every item-CF row of the customer, in popularity order.
        {{ depth }} + int_popular_recommendations_ranked.recommendation_rank
            as recommendation_rank,
        int_popular_recommendations_ranked.product_id,
        'popularity' as recommendation_source,
        cast(null as decimal(38, 12)) as score,
        0 as source_product_count
    from int_popular_recommendations_ranked
    left join item_cf_rows
        on
            int_popular_recommendations_ranked.as_of_date
            = item_cf_rows.as_of_date
            and int_popular_recommendations_ranked.customer_id
            = item_cf_rows.customer_id
            and int_popular_recommendations_ranked.product_id
            = item_cf_rows.product_id
    where item_cf_rows.product_id is null
),

rows_unioned as (
    select * from item_cf_rows
    union all
    select * from popular_fill
),

rows_reranked as (
    select
        as_of_date,
        customer_id,
        product_id,
        recommendation_source,
        score,
        source_product_count,
        row_number() over (
            partition by as_of_date, customer_id
            order by recommendation_rank
        ) as recommendation_rank
    from rows_unioned
),

top_rows as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id,
        recommendation_source,
        score,
        source_product_count
    from rows_reranked
    where recommendation_rank <= {{ depth }}
)

select * from top_rows
