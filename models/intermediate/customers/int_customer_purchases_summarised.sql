-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one clean purchase on or before it:
-- purchase-pattern figures (gaps between purchase days here; basket sizes,
-- preferred weekday and hour band from int_customer_orders_summarised;
-- category and channel shares of spend from int_customer_spend_summarised;
-- returns are in int_customers_rfm_scored).
with

int_customer_orders_summarised as (
    select * from {{ ref('int_customer_orders_summarised') }}
),

int_customer_spend_summarised as (
    select * from {{ ref('int_customer_spend_summarised') }}
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

patterns_combined as (
    select
        int_customer_orders_summarised.as_of_date,
        int_customer_orders_summarised.customer_id,
        gaps_summarised.mean_days_between_orders,
        gaps_summarised.sd_days_between_orders,
        int_customer_orders_summarised.avg_basket_items,
        int_customer_orders_summarised.avg_basket_products,
        int_customer_spend_summarised.distinct_categories,
        int_customer_spend_summarised.top_category,
        int_customer_orders_summarised.preferred_weekday,
        int_customer_orders_summarised.preferred_hour_band,
        int_customer_spend_summarised.top_category_spend_share,
        int_customer_spend_summarised.web_spend_share,
        int_customer_spend_summarised.app_spend_share,
        int_customer_spend_summarised.store_spend_share
    from int_customer_orders_summarised
    inner join int_customer_spend_summarised
        on
            int_customer_orders_summarised.as_of_date
            = int_customer_spend_summarised.as_of_date
            and int_customer_orders_summarised.customer_id
            = int_customer_spend_summarised.customer_id
    left join gaps_summarised
        on
            int_customer_orders_summarised.as_of_date
            = gaps_summarised.as_of_date
            and int_customer_orders_summarised.customer_id
            = gaps_summarised.customer_id
)

select * from patterns_combined
