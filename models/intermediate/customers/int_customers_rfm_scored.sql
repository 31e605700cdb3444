-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one clean purchase on or before it:
-- the RFM figures in both conventions and the 1..5 scores (see
-- the `rfm_score` macro for the binning). The segment name is added by the
-- customer_rfm mart. Money is net of returns (sales - returns), with gross
-- sales and the returned value beside it; a customer whose returns reach
-- their sales (net <= 0) keeps their row and gets the lowest m_score.
-- The customer-days and orders are computed once; each date reads those on
-- or before it, and the scores rank the customers of each date apart.
{%- set first_day = 'purchase_days_summarised.first_purchase_date' %}
{%- set last_day = 'purchase_days_summarised.last_purchase_date' %}
{%- set as_of = 'purchase_days_summarised.as_of_date' %}
{%- set first_to_last = dbt.datediff(first_day, last_day, 'day') %}
{%- set first_to_as_of = dbt.datediff(first_day, as_of, 'day') %}
{%- set last_to_as_of = dbt.datediff(last_day, as_of, 'day') %}

with

int_customer_days as (
    select
        customer_id,
        purchase_date,
        day_value,
        purchase_day_number,
        first_ordered_at,
        last_ordered_at
    from {{ ref('int_customer_days') }}
),

int_orders_aggregated as (
    select
        customer_id,
        ordered_date,
        purchase_revenue,
        return_value,
        net_revenue,
        return_line_count,
        is_purchase_order
    from {{ ref('int_orders_aggregated') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

days_as_of as (
    {{ rows_up_to_each_date('int_customer_days', 'purchase_date') }}
),

orders_as_of as (
    {{ rows_up_to_each_date('int_orders_aggregated', 'ordered_date') }}
),

purchase_days_summarised as (
    select
        as_of_date,
        customer_id,
        min(first_ordered_at) as first_order_at,
        max(last_ordered_at) as last_order_at,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        count(*) - 1 as repeat_day_count,
        avg(case when purchase_day_number > 1 then day_value end)
            as repeat_day_mean_value
    from days_as_of
    group by as_of_date, customer_id
),

orders_summarised as (
    select
        as_of_date,
        customer_id,
        count(case when is_purchase_order then 1 end) as order_count,
        count(case when return_line_count > 0 then 1 end)
            as return_order_count,
        count(*) as order_or_return_count,
        sum(purchase_revenue) as gross_revenue,
        sum(return_value) as returned_revenue,
        sum(net_revenue) as net_revenue
    from orders_as_of
    group by as_of_date, customer_id
),

figures_computed as (
    select
        purchase_days_summarised.as_of_date,
        purchase_days_summarised.customer_id,
        purchase_days_summarised.first_order_at,
        purchase_days_summarised.last_order_at,
        orders_summarised.order_count,
        cast(orders_summarised.net_revenue as decimal(38, 2))
            as total_revenue,
        cast(orders_summarised.gross_revenue as decimal(38, 2))
            as gross_revenue,
        cast(orders_summarised.returned_revenue as decimal(38, 2))
            as returned_revenue,
        cast(orders_summarised.returned_revenue as double)
        / nullif(cast(orders_summarised.gross_revenue as double), 0)
            as return_rate,
        cast(orders_summarised.return_order_count as double)
        / orders_summarised.order_or_return_count as return_order_rate,
        {{ round_to_cents(
            'cast(orders_summarised.net_revenue as double)'
            ~ ' / orders_summarised.order_count'
        ) }} as avg_order_value,
        cast({{ last_to_as_of }} as integer) as recency_days,
        cast(purchase_days_summarised.repeat_day_count as double)
            as frequency,
        cast({{ first_to_last }} as double) as recency,
        cast({{ first_to_as_of }} as double) as t,
        cast(
            coalesce(purchase_days_summarised.repeat_day_mean_value, 0)
            as double
        ) as monetary_value
    from purchase_days_summarised
    inner join orders_summarised
        on
            purchase_days_summarised.as_of_date = orders_summarised.as_of_date
            and purchase_days_summarised.customer_id
            = orders_summarised.customer_id
),

scores_assigned as (
    select
        as_of_date,
        customer_id,
        first_order_at,
        last_order_at,
        order_count,
        total_revenue,
        gross_revenue,
        returned_revenue,
        return_rate,
        return_order_rate,
        avg_order_value,
        recency_days,
        {{ rfm_score('recency_days', 'lower', 'as_of_date') }} as r_score,
        {{ rfm_score('order_count', 'higher', 'as_of_date') }} as f_score,
        case
            when total_revenue <= 0 then 1
            else {{ rfm_score('total_revenue', 'higher', 'as_of_date') }}
        end as m_score,
        frequency,
        recency,
        t,
        monetary_value
    from figures_computed
)

select * from scores_assigned
