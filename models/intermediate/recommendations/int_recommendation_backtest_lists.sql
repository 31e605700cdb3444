-- One row per backtest recommender, customer and recommended product: the top
-- `recommendation_eval_k` recommendations each recommender made as of the
-- recommendation_backtest date of int_as_of_dates, from the same models
-- that make the published ones. Methods: `item_cf` (the published
-- recommender, int_recommendations_combined) and `popularity` (the most
-- popular products the customer has not bought).
{%- set k = checked_var('recommendation_eval_k') %}

with

int_as_of_dates as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where date_role = 'recommendation_backtest'
),

int_recommendations_combined as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id
    from {{ ref('int_recommendations_combined') }}
    where recommendation_rank <= {{ k }}
),

int_popular_recommendations_ranked as (
    select
        as_of_date,
        customer_id,
        recommendation_rank,
        product_id
    from {{ ref('int_popular_recommendations_ranked') }}
    where recommendation_rank <= {{ k }}
),

lists_unioned as (
    select
        'item_cf' as recommender,
        *
    from int_recommendations_combined
    union all
    select
        'popularity' as recommender,
        *
    from int_popular_recommendations_ranked
),

backtest_lists as (
    select
        lists_unioned.recommender,
        lists_unioned.customer_id,
        lists_unioned.recommendation_rank,
        lists_unioned.product_id
    from lists_unioned
    inner join int_as_of_dates
        on lists_unioned.as_of_date = int_as_of_dates.as_of_date
)

select * from backtest_lists
