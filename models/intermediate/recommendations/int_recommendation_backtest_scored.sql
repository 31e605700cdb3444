-- One row per backtest recommender and evaluated customer: how well the
-- recommender's top K recommendations as of the recommendation_backtest date
-- match the products the customer bought for the first time after it (up
-- to the publication's as-of date; int_recommendation_backtest_products_timed).
-- The evaluated customers, their |R| and ideal DCG come from
-- int_recommendation_backtest_customers_evaluated, the gain of a hit at each
-- list position from int_recommendation_positions_discounted. The metric
-- definitions (docs block recommendation_metrics) live here;
-- recommendation_evaluation averages them.
{%- set k = checked_var('recommendation_eval_k') %}

with

int_recommendation_backtest_products_timed as (
    select
        customer_id,
        product_id,
        is_new
    from {{ ref('int_recommendation_backtest_products_timed') }}
),

int_recommendation_backtest_customers_evaluated as (
    select
        customer_id,
        relevant_count,
        ideal_dcg
    from {{ ref('int_recommendation_backtest_customers_evaluated') }}
),

int_recommendation_positions_discounted as (
    select
        list_position,
        gain
    from {{ ref('int_recommendation_positions_discounted') }}
),

int_recommendation_backtest_lists as (
    select
        recommender,
        customer_id,
        recommendation_rank,
        product_id
    from {{ ref('int_recommendation_backtest_lists') }}
),

recommenders as (
    {%- for recommender in ['item_cf', 'popularity'] %}
        select '{{ recommender }}' as recommender
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

recommendations_judged as (
    select
        int_recommendation_backtest_lists.recommender,
        int_recommendation_backtest_lists.customer_id,
        int_recommendation_backtest_lists.recommendation_rank,
        coalesce(
            int_recommendation_backtest_products_timed.is_new, false
        ) as is_hit
    from int_recommendation_backtest_lists
    inner join int_recommendation_backtest_customers_evaluated
        on
            int_recommendation_backtest_lists.customer_id
            = int_recommendation_backtest_customers_evaluated.customer_id
    left join int_recommendation_backtest_products_timed
        on
            int_recommendation_backtest_lists.customer_id
            = int_recommendation_backtest_products_timed.customer_id
            and int_recommendation_backtest_lists.product_id
            = int_recommendation_backtest_products_timed.product_id
),

hits_accumulated as (
    select
        recommender,
        customer_id,
        recommendation_rank,
        is_hit,
        sum(case when is_hit then 1 else 0 end) over (
            partition by recommender, customer_id
            order by recommendation_rank
            rows between unbounded preceding and current row
        ) as hits_so_far
    from recommendations_judged
),

hits_summed as (
    select
        hits_accumulated.recommender,
        hits_accumulated.customer_id,
        count(*) as recommendation_count,
        sum(case when hits_accumulated.is_hit then 1 else 0 end) as hit_count,
        {{ deterministic_aggregate(
            'sum',
            'case when hits_accumulated.is_hit then '
            ~ 'cast(hits_accumulated.hits_so_far as double) '
            ~ '/ hits_accumulated.recommendation_rank else 0 end'
        ) }} as precision_sum,
        sum(
            case
                when hits_accumulated.is_hit
                    then int_recommendation_positions_discounted.gain
                else 0
            end
        ) as dcg
    from hits_accumulated
    inner join int_recommendation_positions_discounted
        on
            hits_accumulated.recommendation_rank
            = int_recommendation_positions_discounted.list_position
    group by hits_accumulated.recommender, hits_accumulated.customer_id
),

customers_scored as (
    select
        recommenders.recommender,
        int_recommendation_backtest_customers_evaluated.customer_id,
        int_recommendation_backtest_customers_evaluated.relevant_count,
        coalesce(hits_summed.recommendation_count, 0) as recommendation_count,
        coalesce(hits_summed.hit_count, 0) as hit_count,
        coalesce(hits_summed.hit_count, 0) > 0 as is_hit,
        cast(coalesce(hits_summed.hit_count, 0) as double)
        / {{ k }} as precision_at_k,
        cast(coalesce(hits_summed.hit_count, 0) as double)
        / int_recommendation_backtest_customers_evaluated.relevant_count
            as recall_at_k,
        coalesce(hits_summed.precision_sum, 0) / least(
            int_recommendation_backtest_customers_evaluated.relevant_count,
            {{ k }}
        ) as average_precision_at_k,
        -- The exact decimal sums divided as doubles: one rounding, the same
        -- on every engine.
        cast(coalesce(hits_summed.dcg, 0) as double)
        / cast(
            int_recommendation_backtest_customers_evaluated.ideal_dcg as double
        ) as ndcg_at_k
    from int_recommendation_backtest_customers_evaluated
    cross join recommenders
    left join hits_summed
        on
            recommenders.recommender = hits_summed.recommender
            and int_recommendation_backtest_customers_evaluated.customer_id
            = hits_summed.customer_id
)

select * from customers_scored
