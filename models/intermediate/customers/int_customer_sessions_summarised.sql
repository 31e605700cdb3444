-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and customer with at least one browsing session attributed to
-- them as of that date (int_sessions_built): counts of sessions and events, the sessions the
-- conversion rates are built from, distinct search terms and the last visit.
with

int_sessions_built as (
    select
        as_of_date,
        session_id,
        customer_id,
        started_date,
        ended_at,
        product_view_count,
        search_count,
        add_to_cart_count,
        checkout_count,
        has_purchase,
        is_cart_abandoned
    from {{ ref('int_sessions_built') }}
    where customer_id is not null
),

int_events_sessionised as (
    select
        as_of_date,
        customer_id,
        search_query
    from {{ ref('int_events_sessionised') }}
    where customer_id is not null and event_type = 'search'
),

sessions_summarised as (
    select
        as_of_date,
        customer_id,
        cast(sum(product_view_count) as bigint) as product_view_count,
        cast(sum(search_count) as bigint) as search_count,
        cast(sum(add_to_cart_count) as bigint) as add_to_cart_count,
        cast(sum(checkout_count) as bigint) as checkout_count,
        cast(max(ended_at) as date) as last_visit_date,
        count(*) as session_count,
        count(case when add_to_cart_count > 0 then 1 end)
            as cart_session_count,
        count(case when is_cart_abandoned then 1 end)
            as abandoned_cart_session_count,
        count(case when product_view_count > 0 then 1 end)
            as view_session_count,
        count(case when product_view_count > 0 and has_purchase then 1 end)
            as view_purchase_session_count,
        count(case when search_count > 0 then 1 end) as search_session_count,
        count(case when search_count > 0 and has_purchase then 1 end)
            as search_purchase_session_count
    from int_sessions_built
    group by as_of_date, customer_id
),

search_terms_counted as (
    select
        as_of_date,
        customer_id,
        count(distinct lower(trim(search_query))) as distinct_search_terms
    from int_events_sessionised
    group by as_of_date, customer_id
),

customers_summarised as (
    select
        sessions_summarised.*,
        coalesce(search_terms_counted.distinct_search_terms, 0)
            as distinct_search_terms
    from sessions_summarised
    left join search_terms_counted
        on
            sessions_summarised.as_of_date = search_terms_counted.as_of_date
            and sessions_summarised.customer_id
            = search_terms_counted.customer_id
)

select * from customers_summarised
