-- Recommendations never name a product the customer bought, name each
-- product once per customer, and rank 1..n without gaps: item-CF rows first
-- with scores that do not increase, then popularity rows. Returns the rows
-- that break this.
with

product_recommendations as (
    select
        customer_id,
        recommendation_rank,
        product_id,
        score,
        recommendation_source
    from {{ ref('product_recommendations') }}
),

int_customer_products_deduplicated as (
    select
        customer_id,
        product_id
    from {{ ref('int_customer_products_deduplicated') }}
),

already_bought as (
    select
        product_recommendations.customer_id,
        product_recommendations.product_id,
        'already bought' as problem
    from product_recommendations
    inner join int_customer_products_deduplicated
        on
            product_recommendations.customer_id
            = int_customer_products_deduplicated.customer_id
            and product_recommendations.product_id
            = int_customer_products_deduplicated.product_id
),

repeated_products as (
    select
        customer_id,
        product_id,
        'product repeated' as problem
    from product_recommendations
    group by customer_id, product_id
    having count(*) > 1
),

-- One window (one sort per customer) for both the ranks and the scores; the
-- repeated products are a group-by above: a second window partitioned by
-- customer and product cost a third of this test at 10M order lines.
ranks_checked as (
    select
        customer_id,
        product_id,
        recommendation_rank,
        score,
        recommendation_source,
        row_number() over customer_ranks as expected_rank,
        lag(score) over customer_ranks as previous_score,
        lag(recommendation_source) over customer_ranks as previous_source
    from product_recommendations
    window customer_ranks as (
        partition by customer_id
        order by recommendation_rank
    )
),

badly_ranked as (
    select
        customer_id,
        product_id,
        'rank or score order' as problem
    from ranks_checked
    where
        recommendation_rank <> expected_rank
        or recommendation_rank > {{ checked_var('recommendations_per_customer') }}
        or score > previous_score
        or (recommendation_source = 'item_cf' and previous_source = 'popularity')
),

problems as (
    select * from already_bought
    union all
    select * from repeated_products
    union all
    select * from badly_ranked
)

select * from problems
