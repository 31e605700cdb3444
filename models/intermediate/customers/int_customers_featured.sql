-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one clean purchase on or before it
-- (the customers of int_customers_rfm_segmented; browse-only visitors are
-- not included): every RFM column, behavioural features from browsing
-- events, purchase-pattern features from orders, and the customers table's
-- country, signup and age (int_customer_profiles_dated).
-- Behavioural features are NULL for everyone when there is no event on or
-- before the as-of date (no events table); with events, a customer without
-- any has zero counts and NULL rates. customer_features publishes the
-- publication date's rows; the propensity backtest reads the training date's.
{{ config(materialized='table') }}
-- A table, not a view: customer_features and the propensity features both
-- read it.
{%- set event_count_columns = [
    'session_count', 'product_view_count', 'search_count',
    'distinct_search_terms', 'add_to_cart_count', 'checkout_count',
] %}

with

int_customers_rfm_segmented as (
    select * from {{ ref('int_customers_rfm_segmented') }}
),

int_customer_sessions_summarised as (
    select * from {{ ref('int_customer_sessions_summarised') }}
),

int_customer_purchases_summarised as (
    select * from {{ ref('int_customer_purchases_summarised') }}
),

stg_shop__events as (
    select occurred_date from {{ ref('stg_shop__events') }}
),

int_customer_profiles_dated as (
    select
        as_of_date,
        customer_id,
        country,
        days_since_signup,
        age_band
    from {{ ref('int_customer_profiles_dated') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

first_event as (
    select min(occurred_date) as first_event_date from stg_shop__events
),

-- Whether any clean event is dated on or before each as-of date.
event_presence as (
    select
        int_as_of_dates.as_of_date,
        coalesce(
            first_event.first_event_date <= int_as_of_dates.as_of_date, false
        ) as has_events
    from int_as_of_dates
    cross join first_event
),

features_joined as (
    select
        int_customers_rfm_segmented.*,
        {%- for column in event_count_columns %}
            case
                when event_presence.has_events
                    then coalesce(int_customer_sessions_summarised.{{ column }}, 0)
            end as {{ column }},
        {%- endfor %}
        {{ safe_ratio(
            'cast(int_customer_sessions_summarised.abandoned_cart_session_count as double)',
            'int_customer_sessions_summarised.cart_session_count'
        ) }} as cart_abandonment_rate,
        {{ safe_ratio(
            'cast(int_customer_sessions_summarised.view_purchase_session_count as double)',
            'int_customer_sessions_summarised.view_session_count'
        ) }} as view_to_purchase_rate,
        {{ safe_ratio(
            'cast(int_customer_sessions_summarised.search_purchase_session_count as double)',
            'int_customer_sessions_summarised.search_session_count'
        ) }} as search_to_purchase_rate,
        cast({{ dbt.datediff(
            'int_customer_sessions_summarised.last_visit_date',
            'int_customers_rfm_segmented.as_of_date', 'day') }} as integer)
            as days_since_last_visit,
        cast(int_customers_rfm_segmented.t as integer) as tenure_days,
        int_customer_purchases_summarised.mean_days_between_orders,
        int_customer_purchases_summarised.sd_days_between_orders,
        int_customer_purchases_summarised.avg_basket_items,
        int_customer_purchases_summarised.avg_basket_products,
        int_customer_purchases_summarised.distinct_categories,
        int_customer_purchases_summarised.top_category,
        int_customer_purchases_summarised.top_category_spend_share,
        int_customer_purchases_summarised.web_spend_share,
        int_customer_purchases_summarised.app_spend_share,
        int_customer_purchases_summarised.store_spend_share,
        int_customer_purchases_summarised.preferred_weekday,
        int_customer_purchases_summarised.preferred_hour_band,
        int_customer_profiles_dated.age_band,
        int_customer_profiles_dated.country,
        int_customer_profiles_dated.days_since_signup
    from int_customers_rfm_segmented
    inner join event_presence
        on int_customers_rfm_segmented.as_of_date = event_presence.as_of_date
    left join int_customer_sessions_summarised
        on
            int_customers_rfm_segmented.as_of_date
            = int_customer_sessions_summarised.as_of_date
            and int_customers_rfm_segmented.customer_id
            = int_customer_sessions_summarised.customer_id
    left join int_customer_purchases_summarised
        on
            int_customers_rfm_segmented.as_of_date
            = int_customer_purchases_summarised.as_of_date
            and int_customers_rfm_segmented.customer_id
            = int_customer_purchases_summarised.customer_id
    left join int_customer_profiles_dated
        on
            int_customers_rfm_segmented.as_of_date
            = int_customer_profiles_dated.as_of_date
            and int_customers_rfm_segmented.customer_id
            = int_customer_profiles_dated.customer_id
)

select * from features_joined
