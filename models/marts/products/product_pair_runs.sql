-- One row per build: the settings and size of the product-pair analysis, so
-- that readers of product_pairs know which baskets it covers (in particular
-- how many baskets var `max_basket_size` skipped, when it is set).
{%- set max_basket_size = checked_var('max_basket_size') %}

with

int_as_of_date as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

int_baskets_built as (
    select
        product_count,
        is_pair_counted
    from {{ ref('int_baskets_built') }}
),

int_item_orders_counted as (
    select
        item_level,
        min_pair_baskets,
        is_pair_candidate
    from {{ ref('int_item_orders_counted') }}
),

int_item_pairs_counted as (
    select item_level from {{ ref('int_item_pairs_counted') }}
),

baskets_summarised as (
    select
        cast(
            sum(case when is_pair_counted then product_count else 0 end)
            as bigint
        ) as basket_product_count,
        count(*) as total_basket_count,
        count(case when is_pair_counted then 1 end) as basket_count,
        count(case when not is_pair_counted then 1 end)
            as skipped_basket_count,
        max(product_count) as largest_basket_size
    from int_baskets_built
),

items_summarised as (
    select
        count(case when item_level = 'product' then 1 end) as product_count,
        count(
            case when item_level = 'product' and is_pair_candidate then 1 end
        ) as candidate_product_count,
        count(case when item_level = 'category' then 1 end) as category_count,
        max(case when item_level = 'product' then min_pair_baskets end)
            as min_pair_baskets
    from int_item_orders_counted
),

pairs_summarised as (
    select
        count(case when item_level = 'product' then 1 end)
            as product_pair_count,
        count(case when item_level = 'category' then 1 end)
            as category_pair_count
    from int_item_pairs_counted
),

run_described as (
    select
        int_as_of_date.as_of_date,
        {{ checked_var('min_pair_orders') }} as min_pair_orders,
        cast({{ checked_var('min_support') }} as double) as min_support,
        cast(
            {{ checked_var('min_pair_item_share') }} as double
        ) as min_pair_item_share,
        coalesce(
            items_summarised.min_pair_baskets,
            {{ checked_var('min_pair_orders') }}
        ) as min_pair_baskets,
        cast(
            {{ 'null' if max_basket_size is none else max_basket_size }}
            as integer
        ) as max_basket_size,
        {{ 'true' if checked_var('pair_pruning') else 'false' }} as is_pruned,
        baskets_summarised.total_basket_count,
        baskets_summarised.basket_count,
        baskets_summarised.skipped_basket_count,
        baskets_summarised.largest_basket_size,
        baskets_summarised.basket_product_count,
        items_summarised.product_count,
        items_summarised.candidate_product_count,
        items_summarised.category_count,
        pairs_summarised.product_pair_count,
        pairs_summarised.category_pair_count
    from int_as_of_date
    cross join baskets_summarised
    cross join items_summarised
    cross join pairs_summarised
)

select * from run_described
