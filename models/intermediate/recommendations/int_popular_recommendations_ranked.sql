-- One row per recommendation date, customer and recommended product of the
-- popularity recommender: the customer's most popular products not yet
-- bought (int_product_popularity_ranked), up to recommendation_depth() of
-- them. It is the baseline of recommendation_evaluation and fills the places
-- item-CF leaves empty in product_recommendations.
-- The k-th unbought product is found without listing candidates: with the
-- customer's bought products numbered j = 1, 2, ... by popularity rank r_j,
-- r_j - j products the customer had not bought rank above the j-th bought
-- one, so the k-th unbought product has rank k + #{j : r_j - j < k}.
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

recommendation_ranks as (
    {%- for recommendation_rank in range(1, depth + 1) %}
        select {{ recommendation_rank }} as recommendation_rank
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

bought_ranked as (
    select
        int_customer_products_dated.as_of_date,
        int_customer_products_dated.customer_id,
        int_product_popularity_ranked.popularity_rank
        - row_number() over (
            partition by
                int_customer_products_dated.as_of_date,
                int_customer_products_dated.customer_id
            order by int_product_popularity_ranked.popularity_rank nulls last
        ) as unbought_above
    from int_customer_products_dated
    -- A left join: a customer stays listed whatever they bought.
    left join int_product_popularity_ranked
        on
            int_customer_products_dated.as_of_date
            = int_product_popularity_ranked.as_of_date
            and int_customer_products_dated.product_id
            = int_product_popularity_ranked.product_id
),

-- Per customer, for each recommendation rank k: how many bought products
-- have fewer than k unbought ones above them (one pass over the rows).
customers_counted as (
    select
        {%- for recommendation_rank in range(1, depth + 1) %}
            count(case when unbought_above < {{ recommendation_rank }} then 1 end)
                as bought_before_{{ recommendation_rank }},
        {%- endfor %}
        as_of_date,
        customer_id
    from bought_ranked
    group by as_of_date, customer_id
),

candidate_ranks as (
    select
        customers_counted.as_of_date,
        customers_counted.customer_id,
        recommendation_ranks.recommendation_rank,
        recommendation_ranks.recommendation_rank
        + case recommendation_ranks.recommendation_rank
            {%- for recommendation_rank in range(1, depth + 1) %}
                when {{ recommendation_rank }}
                    then customers_counted.bought_before_{{ recommendation_rank }}
            {%- endfor %}
        end as popularity_rank
    from customers_counted
    cross join recommendation_ranks
),

-- A customer who bought all but n products gets n rows.
top_candidates as (
    select
        candidate_ranks.as_of_date,
        candidate_ranks.customer_id,
        candidate_ranks.recommendation_rank,
        int_product_popularity_ranked.product_id,
        candidate_ranks.popularity_rank
    from candidate_ranks
    inner join int_product_popularity_ranked
        on
            candidate_ranks.as_of_date = int_product_popularity_ranked.as_of_date
            and candidate_ranks.popularity_rank
            = int_product_popularity_ranked.popularity_rank
)

select * from top_candidates
