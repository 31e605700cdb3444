-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one order on or before it: basket
-- sizes and the preferred ISO weekday and hour band of purchase orders.
-- The orders are counted and summed per customer, day and hour band first,
-- so that each as-of date repeats those counts, not every order.
with

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

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

orders_banded as (
    select
        customer_id,
        ordered_date,
        item_count,
        distinct_product_count,
        is_purchase_order,
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
    from int_orders_aggregated
),

orders_per_day as (
    select
        customer_id,
        ordered_date,
        iso_weekday,
        hour_band,
        count(case when is_purchase_order then 1 end) as purchase_order_count,
        sum(case when is_purchase_order then item_count end) as item_count,
        count(
            case when is_purchase_order and distinct_product_count > 0 then 1 end
        ) as product_order_count,
        sum(
            case
                when is_purchase_order and distinct_product_count > 0
                    then distinct_product_count
            end
        ) as product_count
    from orders_banded
    group by customer_id, ordered_date, iso_weekday, hour_band
),

orders_as_of as (
    {{ rows_up_to_each_date('orders_per_day', 'ordered_date') }}
),

baskets_summarised as (
    select
        as_of_date,
        customer_id,
        {{ safe_ratio(
            'cast(sum(item_count) as double)', 'sum(purchase_order_count)'
        ) }} as avg_basket_items,
        {{ safe_ratio(
            'cast(sum(product_count) as double)', 'sum(product_order_count)'
        ) }} as avg_basket_products
    from orders_as_of
    group by as_of_date, customer_id
),

weekdays_ranked as (
    select
        as_of_date,
        customer_id,
        iso_weekday,
        row_number() over (
            partition by as_of_date, customer_id
            order by sum(purchase_order_count) desc, iso_weekday asc
        ) as weekday_rank
    from orders_as_of
    where purchase_order_count > 0
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
                sum(purchase_order_count) desc,
                case hour_band
                    when 'night' then 1
                    when 'morning' then 2
                    when 'afternoon' then 3
                    else 4
                end asc
        ) as hour_band_rank
    from orders_as_of
    where purchase_order_count > 0 and hour_band is not null
    group by as_of_date, customer_id, hour_band
),

patterns_combined as (
    select
        baskets_summarised.as_of_date,
        baskets_summarised.customer_id,
        baskets_summarised.avg_basket_items,
        baskets_summarised.avg_basket_products,
        cast(weekdays_ranked.iso_weekday as integer) as preferred_weekday,
        hour_bands_ranked.hour_band as preferred_hour_band
    from baskets_summarised
    left join weekdays_ranked
        on
            baskets_summarised.as_of_date = weekdays_ranked.as_of_date
            and baskets_summarised.customer_id = weekdays_ranked.customer_id
            and weekdays_ranked.weekday_rank = 1
    left join hour_bands_ranked
        on
            baskets_summarised.as_of_date = hour_bands_ranked.as_of_date
            and baskets_summarised.customer_id = hour_bands_ranked.customer_id
            and hour_bands_ranked.hour_band_rank = 1
)

select * from patterns_combined
