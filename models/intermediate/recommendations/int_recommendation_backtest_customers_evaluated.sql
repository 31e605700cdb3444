-- One row per customer the recommendation backtest evaluates: a customer who
-- had bought at least one product on or before the cut-off and at least one
-- new product after it (int_recommendation_backtest_products_timed), with
-- the number of new products (|R|) and the ideal DCG@K: the sum of the gains
-- of list positions 1..min(|R|, K) (int_recommendation_positions_discounted),
-- the DCG of a list whose first min(|R|, K) products are all hits.
with

int_recommendation_backtest_products_timed as (
    select
        customer_id,
        is_new
    from {{ ref('int_recommendation_backtest_products_timed') }}
),

int_recommendation_positions_discounted as (
    select
        list_position,
        gain
    from {{ ref('int_recommendation_positions_discounted') }}
),

customers_evaluated as (
    select
        customer_id,
        count(case when is_new then 1 end) as relevant_count
    from int_recommendation_backtest_products_timed
    group by customer_id
    having
        count(case when is_new then 1 end) > 0
        and count(case when not is_new then 1 end) > 0
),

ideal_gains_summed as (
    select
        customers_evaluated.customer_id,
        customers_evaluated.relevant_count,
        sum(int_recommendation_positions_discounted.gain) as ideal_dcg
    from customers_evaluated
    inner join int_recommendation_positions_discounted
        on
            customers_evaluated.relevant_count
            >= int_recommendation_positions_discounted.list_position
    group by customers_evaluated.customer_id, customers_evaluated.relevant_count
)

select * from ideal_gains_summed
