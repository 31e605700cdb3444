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
        -- The score in units of 1e-12, exact: decimal(24, 0) x decimal(13, 12)
        -- fits 38 digits, so Spark keeps all 12 decimals as DuckDB does.
        cast(
            cast(score_units as decimal(24, 0))
            * cast(0.000000000001 as decimal(13, 12))
            as decimal(38, 12)
        ) as score,
        source_product_count
    from int_recommendations_ranked
),

-- Item-CF ranks are 1..n per customer; only customers with fewer than
-- depth item-CF rows need the fill-in, so only their popular rows are read
-- and numbered (a handful of customers, not every customer's list).
item_cf_counts as (
    select
        as_of_date,
        customer_id,
        count(*) as item_cf_count
    from item_cf_rows
    group by as_of_date, customer_id
),

popular_candidates as (
    select
        int_popular_recommendations_ranked.as_of_date,
        int_popular_recommendations_ranked.customer_id,
        int_popular_recommendations_ranked.recommendation_rank,
        int_popular_recommendations_ranked.product_id,
        coalesce(item_cf_counts.item_cf_count, 0) as item_cf_count
    from int_popular_recommendations_ranked
    left join item_cf_counts
        on
            int_popular_recommendations_ranked.as_of_date
            = item_cf_counts.as_of_date
            and int_popular_recommendations_ranked.customer_id
            = item_cf_counts.customer_id
    where coalesce(item_cf_counts.item_cf_count, 0) < {{ depth }}
),

popular_fill as (
    select
        popular_candidates.as_of_date,
        popular_candidates.customer_id,
        popular_candidates.item_cf_count,
        popular_candidates.recommendation_rank as popularity_rank,
        popular_candidates.product_id
    from popular_candidates
    left join item_cf_rows
        on
            popular_candidates.as_of_date = item_cf_rows.as_of_date
            and popular_candidates.customer_id = item_cf_rows.customer_id
            and popular_candidates.product_id = item_cf_rows.product_id
    where item_cf_rows.product_id is null
),

-- After every item-CF row of the customer, in popularity order.
popular_ranked as (
    select
        as_of_date,
        customer_id,
        item_cf_count + row_number() over (
            partition by as_of_date, customer_id
            order by popularity_rank
        ) as recommendation_rank,
        product_id,
        'popularity' as recommendation_source,
        cast(null as decimal(38, 12)) as score,
        0 as source_product_count
    from popular_fill
),

top_rows as (
    select * from item_cf_rows
    union all
    select * from popular_ranked
    where recommendation_rank <= {{ depth }}
)

select * from top_rows
