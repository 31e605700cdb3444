-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one clean purchase on or before it:
-- purchase-pattern figures (gaps between purchase days, basket size,
-- categories, channels, preferred weekday and hour band; returns are in
-- int_customers_rfm_scored).
-- Spend = line revenue of purchase lines (completed, quantity > 0).
-- Lines, orders and customer-days are computed once; each as-of date reads
-- those dated on or before it.
with

int_customer_lines_filtered as (
    select
        customer_id,
        ordered_date,
        category,
        channel,
        line_revenue,
        is_non_product_item
    from {{ ref('int_customer_lines_filtered') }}
    where is_purchase
),

int_orders_aggregated as (
    select
        customer_id,
        ordered_at,
        ordered_date,
        item_count,
        distinct_product_count,
        is_purchase_order
    from {{ ref('int_orders_aggregated') }}
),

int_customer_days as (
    select
        customer_id,
        purchase_date,
        days_since_previous_purchase_day
    from {{ ref('int_customer_days') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

lines_as_of as (
    {{ rows_up_to_each_date('int_customer_lines_filtered', 'ordered_date') }}
),

orders_as_of as (
    {{ rows_up_to_each_date('int_orders_aggregated', 'ordered_date') }}
),

days_as_of as (
    {{ rows_up_to_each_date('int_customer_days', 'purchase_date') }}
),

gaps_summarised as (
    select
        as_of_date,
        customer_id,
        avg(cast(days_since_previous_purchase_day as double))
            as mean_days_between_orders,
        {{ deterministic_aggregate(
            'stddev_samp',
            'cast(days_since_previous_purchase_day as double)'
        ) }} as sd_days_between_orders
    from days_as_of
    group by as_of_date, customer_id
),

orders_summarised as (
    select
        as_of_date,
        customer_id,
        {{ exact_mean('case when is_purchase_order then item_count end') }}
            as avg_basket_items,
        avg(
            case
                when is_purchase_order and distinct_product_count > 0
                    then distinct_product_count
            end
        ) as avg_basket_products
    from orders_as_of
    group by as_of_date, customer_id
),

spend_summarised as (
    select
        as_of_date,
        customer_id,
        sum(line_revenue) as spend,
        sum(case when channel is not null then line_revenue end)
            as channel_known_spend,
        sum(case when channel = 'web' then line_revenue else 0 end)
            as web_spend,
        sum(case when channel = 'app' then line_revenue else 0 end)
            as app_spend,
        sum(case when channel = 'store' then line_revenue else 0 end)
            as store_spend
    from lines_as_of
    group by as_of_date, customer_id
),

category_spend as (
    select
        as_of_date,
        customer_id,
        category,
        sum(line_revenue) as category_spend
    from lines_as_of
    -- Postage, fees and the like say nothing about what a customer likes.
    where category is not null and not is_non_product_item
    group by as_of_date, customer_id, category
),

categories_ranked as (
    select
        as_of_date,
        customer_id,
        category,
        category_spend,
        count(*) over (partition by as_of_date, customer_id) as distinct_categories,
        row_number() over (
            partition by as_of_date, customer_id
            order by category_spend desc, category asc
        ) as spend_rank
    from category_spend
),

top_categories as (
    select
        as_of_date,
        customer_id,
        category as top_category,
        category_spend as top_category_spend,
        distinct_categories
    from categories_ranked
    where spend_rank = 1
),

order_times as (
    select
        as_of_date,
        customer_id,
        ordered_at,
        -- ISO weekday (1 = Monday): days since Monday 1900-01-01, modulo 7.
        mod({{ dbt.datediff("cast('1900-01-01' as date)", 'ordered_date', 'day') }}, 7)
        + 1 as iso_weekday,
        -- Orders stamped exactly midnight carry a date only: no hour band.
        case
            when ordered_at = cast(ordered_date as timestamp) then null
            when extract(hour from ordered_at) < 6 then 'night'
            when extract(hour from ordered_at) < 12 then 'morning'
            when extract(hour from ordered_at) < 18 then 'afternoon'
            else 'evening'
        end as hour_band
    from orders_as_of
    where is_purchase_order
),

weekdays_ranked as (
    select
        as_of_date,
        customer_id,
        iso_weekday,
        row_number() over (
            partition by as_of_date, customer_id
            order by count(*) desc, iso_weekday asc
        ) as weekday_rank
    from order_times
    group by as_of_date, customer_id, iso_weekday
),

hour_bands_ranked as (
    select
        as_of_date,
        customer_id,
        hour_band,
        row_number() over (
            partition by as_of_date, customer_id
            order by
                count(*) desc,
                case hour_band
                    when 'night' then 1
                    when 'morning' then 2
                    when 'afternoon' then 3
                    else 4
                end asc
        ) as hour_band_rank
    from order_times
    where hour_band is not null
    group by as_of_date, customer_id, hour_band
),

patterns_combined as (
    select
        orders_summarised.as_of_date,
        orders_summarised.customer_id,
        gaps_summarised.mean_days_between_orders,
        gaps_summarised.sd_days_between_orders,
        cast(orders_summarised.avg_basket_items as double) as avg_basket_items,
        cast(orders_summarised.avg_basket_products as double)
            as avg_basket_products,
        top_categories.distinct_categories,
        top_categories.top_category,
        cast(weekdays_ranked.iso_weekday as integer) as preferred_weekday,
        hour_bands_ranked.hour_band as preferred_hour_band,
        cast(top_categories.top_category_spend as double)
        / nullif(cast(spend_summarised.spend as double), 0)
            as top_category_spend_share,
        case
            when spend_summarised.channel_known_spend is not null then
                cast(spend_summarised.web_spend as double)
                / nullif(cast(spend_summarised.spend as double), 0)
        end as web_spend_share,
        case
            when spend_summarised.channel_known_spend is not null then
                cast(spend_summarised.app_spend as double)
                / nullif(cast(spend_summarised.spend as double), 0)
        end as app_spend_share,
        case
            when spend_summarised.channel_known_spend is not null then
                cast(spend_summarised.store_spend as double)
                / nullif(cast(spend_summarised.spend as double), 0)
        end as store_spend_share
    from orders_summarised
    inner join spend_summarised
        on
            orders_summarised.as_of_date = spend_summarised.as_of_date
            and orders_summarised.customer_id = spend_summarised.customer_id
    left join gaps_summarised
        on
            orders_summarised.as_of_date = gaps_summarised.as_of_date
            and orders_summarised.customer_id = gaps_summarised.customer_id
    left join top_categories
        on
            orders_summarised.as_of_date = top_categories.as_of_date
            and orders_summarised.customer_id = top_categories.customer_id
    left join weekdays_ranked
        on
            orders_summarised.as_of_date = weekdays_ranked.as_of_date
            and orders_summarised.customer_id = weekdays_ranked.customer_id
            and weekdays_ranked.weekday_rank = 1
    left join hour_bands_ranked
        on
            orders_summarised.as_of_date = hour_bands_ranked.as_of_date
            and orders_summarised.customer_id = hour_bands_ranked.customer_id
            and hour_bands_ranked.hour_band_rank = 1
)

select * from patterns_combined
