-- One row per recommendation recommender: its offline backtest. Recommendations
-- are computed as of the recommendation_backtest date (as-of date minus
-- recommendation_horizon_days) from purchases on or before it, and scored
-- against the products each customer bought for the first time after it
-- (docs block recommendation_metrics). Accuracy figures are means over the
-- evaluated customers (int_recommendation_backtest_scored); coverage and
-- concentration are over every customer the recommender recommended to.
-- Means of doubles go through deterministic_aggregate: the same bits on
-- every run.
{%- set k = checked_var('recommendation_eval_k') %}

with

int_as_of_dates as (
    select
        as_of_date,
        horizon_days
    from {{ ref('int_as_of_dates') }}
    where date_role = 'recommendation_backtest'
),

int_recommendation_backtest_scored as (
    select * from {{ ref('int_recommendation_backtest_scored') }}
),

int_recommendation_backtest_lists as (
    select
        recommender,
        customer_id,
        product_id
    from {{ ref('int_recommendation_backtest_lists') }}
),

int_product_popularity_ranked as (
    select
        int_product_popularity_ranked.product_id,
        int_product_popularity_ranked.popularity_rank,
        int_product_popularity_ranked.product_count
    from {{ ref('int_product_popularity_ranked') }} as int_product_popularity_ranked
    inner join int_as_of_dates
        on int_product_popularity_ranked.as_of_date = int_as_of_dates.as_of_date
),

accuracy_averaged as (
    select
        recommender,
        count(*) as customers_evaluated,
        {{ pair_ratio(
            'count(case when is_hit then 1 end)', 'count(*)'
        ) }} as hit_rate_at_k,
        {{ deterministic_aggregate('avg', 'precision_at_k') }}
            as precision_at_k,
        {{ deterministic_aggregate('avg', 'recall_at_k') }} as recall_at_k,
        {{ deterministic_aggregate('avg', 'average_precision_at_k') }}
            as map_at_k,
        {{ deterministic_aggregate('avg', 'ndcg_at_k') }} as ndcg_at_k
    from int_recommendation_backtest_scored
    group by recommender
),

products_recommended as (
    select
        int_recommendation_backtest_lists.recommender,
        int_recommendation_backtest_lists.product_id,
        count(*) as customer_count,
        max(int_product_popularity_ranked.popularity_rank)
        <= ceil(max(int_product_popularity_ranked.product_count) * 0.01)
            as is_top_percent
    from int_recommendation_backtest_lists
    inner join int_product_popularity_ranked
        on
            int_recommendation_backtest_lists.product_id
            = int_product_popularity_ranked.product_id
    group by
        int_recommendation_backtest_lists.recommender,
        int_recommendation_backtest_lists.product_id
),

spread_measured as (
    select
        products_recommended.recommender,
        count(*) as recommended_product_count,
        sum(products_recommended.customer_count) as recommendation_count,
        sum(
            case
                when products_recommended.is_top_percent
                    then products_recommended.customer_count
                else 0
            end
        ) as top_percent_count,
        max(products_recommended.customer_count) as most_recommended_count
    from products_recommended
    group by products_recommended.recommender
),

customers_listed as (
    select
        recommender,
        count(distinct customer_id) as customers_recommended
    from int_recommendation_backtest_lists
    group by recommender
),

evaluation as (
    select
        accuracy_averaged.recommender,
        accuracy_averaged.recommender = 'item_cf' as is_published,
        {{ k }} as k,
        int_as_of_dates.horizon_days,
        int_as_of_dates.as_of_date as cutoff_date,
        accuracy_averaged.customers_evaluated,
        accuracy_averaged.hit_rate_at_k,
        accuracy_averaged.precision_at_k,
        accuracy_averaged.recall_at_k,
        accuracy_averaged.map_at_k,
        accuracy_averaged.ndcg_at_k,
        customers_listed.customers_recommended,
        {{ pair_ratio('spread_measured.recommended_product_count',
            '(select max(product_count) from int_product_popularity_ranked)') }}
            as catalogue_coverage,
        {{ pair_ratio('spread_measured.top_percent_count',
            'spread_measured.recommendation_count') }} as top_percent_share,
        {{ pair_ratio('spread_measured.most_recommended_count',
            'customers_listed.customers_recommended') }}
            as max_product_customer_share
    from accuracy_averaged
    cross join int_as_of_dates
    left join spread_measured
        on accuracy_averaged.recommender = spread_measured.recommender
    left join customers_listed
        on accuracy_averaged.recommender = customers_listed.recommender
)

select * from evaluation
