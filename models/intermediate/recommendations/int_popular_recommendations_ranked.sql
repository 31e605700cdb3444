-- One row per recommendation date, customer and recommended product of the
-- popularity recommender: the customer's most popular products not yet
-- bought (int_product_popularity_ranked), up to recommendation_depth() of
-- them. It is the baseline of recommendation_evaluation and fills the places
-- item-CF leaves empty in product_recommendations. A customer who bought b
-- products needs at most the b + depth most popular ones, so only those are
-- joined.
{%- set depth = recommendation_depth() %}

with

int_customer_products_dated as (
    select
        as_of_date,
        customer_id,
        product_id
    from {{ ref('int_customer_products_dated') }}
),

int_product_popularity_ranked as (
    select
        as_of_date,
        product_id,
        popularity_rank
    from {{ ref('int_product_popularity_ranked') }}
),

customers_sized as (
    select
        as_of_date,
        customer_id,
        count(*) as bought_count
    from int_customer_products_dated
    group by as_of_date, customer_id
),

candidates_joined as (
    select
        customers_sized.as_of_date,
        customers_sized.customer_id,
        int_product_popularity_ranked.product_id,
        int_product_popularity_ranked.popularity_rank
    from customers_sized
    inner join int_product_popularity_ranked
        on
            customers_sized.as_of_date
            = int_product_popularity_ranked.as_of_date
            and int_product_popularity_ranked.popularity_rank
            <= customers_sized.bought_count + {{ depth }}
),

unbought_candidates as (
    select candidates_joined.*
    from candidates_joined
    left join int_customer_products_dated
        on
            candidates_joined.as_of_date
            = int_customer_products_dated.as_of_date
            and candidates_joined.customer_id
            = int_customer_products_dated.customer_id
            and candidates_joined.product_id
            = int_customer_products_dated.product_id
    where int_customer_products_dated.product_id is null
),

candidates_ranked as (
    select
        as_of_date,
        customer_id,
        product_id,
        popularity_rank,
        row_number() over (
            partition by as_of_date, customer_id
            order by popularity_rank
        ) as recommendation_rank
    from unbought_candidates
),

top_candidates as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id,
        popularity_rank
    from candidates_ranked
    where recommendation_rank <= {{ depth }}
)

select * from top_candidates
