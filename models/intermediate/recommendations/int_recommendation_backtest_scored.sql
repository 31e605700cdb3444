-- One row per backtest recommender and evaluated customer: how well the
-- recommender's top K recommendations as of the recommendation_backtest date
-- match the products the customer bought for the first time after it (up
-- to the publication's as-of date). Evaluated customers had bought at least
-- one product on or before the cut-off and at least one new product after
-- it. The metric definitions (docs block recommendation_metrics) live here;
-- recommendation_evaluation averages them.
{%- set k = checked_var('recommendation_eval_k') %}

with

int_as_of_dates as (
    select as_of_date from {{ ref('int_as_of_dates') }}
    where date_role = 'recommendation_backtest'
),

int_customer_products_deduplicated as (
    select
        customer_id,
        product_id,
        first_purchased_date
    from {{ ref('int_customer_products_deduplicated') }}
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

-- 1 / log2(list_position + 1): the gain of a hit at each list_position 1..K,
-- as a decimal of 12 places. ln() is not correctly rounded on every engine
-- (Spark's ln(3) is two units in the last place below DuckDB's), so the
-- double gains can differ in their last bits; rounded to 12 places they are
-- the same decimal on both engines for every K up to 100, and sums of
-- decimals are exact in any order.
list_positions as (
    {%- for list_position in range(1, k + 1) %}
        select
            {{ list_position }} as list_position,
            cast(
                1.0 / (ln({{ list_position }} + 1) / ln(2)) as decimal(13, 12)
            ) as gain
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

products_timed as (
    select
        int_customer_products_deduplicated.customer_id,
        int_customer_products_deduplicated.product_id,
        int_customer_products_deduplicated.first_purchased_date
        > int_as_of_dates.as_of_date as is_new
    from int_customer_products_deduplicated
    cross join int_as_of_dates
),

customers_evaluated as (
    select
        customer_id,
        count(case when is_new then 1 end) as relevant_count
    from products_timed
    group by customer_id
    having
        count(case when is_new then 1 end) > 0
        and count(case when not is_new then 1 end) > 0
),

recommendations_judged as (
    select
        int_recommendation_backtest_lists.recommender,
        int_recommendation_backtest_lists.customer_id,
        int_recommendation_backtest_lists.recommendation_rank,
        coalesce(products_timed.is_new, false) as is_hit
    from int_recommendation_backtest_lists
    inner join customers_evaluated
        on
            int_recommendation_backtest_lists.customer_id
            = customers_evaluated.customer_id
    left join products_timed
        on
            int_recommendation_backtest_lists.customer_id
            = products_timed.customer_id
            and int_recommendation_backtest_lists.product_id
            = products_timed.product_id
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
            case when hits_accumulated.is_hit then list_positions.gain else 0 end
        ) as dcg
    from hits_accumulated
    inner join list_positions
        on hits_accumulated.recommendation_rank = list_positions.list_position
    group by hits_accumulated.recommender, hits_accumulated.customer_id
),

ideal_gains as (
    select
        customers_evaluated.customer_id,
        sum(list_positions.gain) as ideal_dcg
    from customers_evaluated
    inner join list_positions
        on customers_evaluated.relevant_count >= list_positions.list_position
    group by customers_evaluated.customer_id
),

customers_scored as (
    select
        recommenders.recommender,
        customers_evaluated.customer_id,
        customers_evaluated.relevant_count,
        coalesce(hits_summed.recommendation_count, 0) as recommendation_count,
        coalesce(hits_summed.hit_count, 0) as hit_count,
        coalesce(hits_summed.hit_count, 0) > 0 as is_hit,
        cast(coalesce(hits_summed.hit_count, 0) as double)
        / {{ k }} as precision_at_k,
        cast(coalesce(hits_summed.hit_count, 0) as double)
        / customers_evaluated.relevant_count as recall_at_k,
        coalesce(hits_summed.precision_sum, 0)
        / least(customers_evaluated.relevant_count, {{ k }})
            as average_precision_at_k,
        -- The exact decimal sums divided as doubles: one rounding, the same
        -- on every engine.
        cast(coalesce(hits_summed.dcg, 0) as double)
        / cast(ideal_gains.ideal_dcg as double) as ndcg_at_k
    from customers_evaluated
    cross join recommenders
    inner join ideal_gains
        on customers_evaluated.customer_id = ideal_gains.customer_id
    left join hits_summed
        on
            recommenders.recommender = hits_summed.recommender
            and customers_evaluated.customer_id = hits_summed.customer_id
)

select * from customers_scored
