-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and browsing session with events on or before it (see
-- int_events_sessionised for how events are grouped into sessions and
-- attributed to customers as of each date): its customer, time span and
-- what happened in it, from the session's events on or before the date.
-- A session converts (`has_purchase`) when it holds a purchase event or its
-- customer placed a clean purchase order between the session's first event
-- and `session_inactivity_minutes` after its last one, so sources that do not
-- track purchase events still get conversions.
{%- set inactivity_minutes = checked_var('session_inactivity_minutes') %}

with

int_events_sessionised as (
    select
        as_of_date,
        session_id,
        is_session_derived,
        customer_id,
        anonymous_id,
        event_type,
        occurred_at
    from {{ ref('int_events_sessionised') }}
),

int_orders_aggregated as (
    select
        customer_id,
        ordered_at,
        ordered_date
    from {{ ref('int_orders_aggregated') }}
    where is_purchase_order
),

sessions_aggregated as (
    select
        as_of_date,
        session_id,
        min(customer_id) as customer_id,
        min(anonymous_id) as anonymous_id,
        {{ dbt.bool_or('is_session_derived') }} as is_session_derived,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        cast(min(occurred_at) as date) as started_date,
        count(*) as event_count,
        count(case when event_type = 'page_view' then 1 end)
            as page_view_count,
        count(case when event_type = 'product_view' then 1 end)
            as product_view_count,
        count(case when event_type = 'search' then 1 end) as search_count,
        count(case when event_type = 'add_to_cart' then 1 end)
            as add_to_cart_count,
        count(case when event_type = 'remove_from_cart' then 1 end)
            as remove_from_cart_count,
        count(case when event_type = 'checkout' then 1 end)
            as checkout_count,
        count(case when event_type = 'purchase' then 1 end)
            as purchase_event_count
    from int_events_sessionised
    group by as_of_date, session_id
),

sessions_with_orders as (
    select
        sessions_aggregated.as_of_date,
        sessions_aggregated.session_id
    from sessions_aggregated
    inner join int_orders_aggregated
        on
            sessions_aggregated.customer_id = int_orders_aggregated.customer_id
            and sessions_aggregated.started_at
            <= int_orders_aggregated.ordered_at
            and int_orders_aggregated.ordered_at
            <= {{ dbt.dateadd(
                'minute', inactivity_minutes,
                'sessions_aggregated.ended_at') }}
            and sessions_aggregated.as_of_date
            >= int_orders_aggregated.ordered_date
    group by sessions_aggregated.as_of_date, sessions_aggregated.session_id
),

sessions_flagged as (
    select
        sessions_aggregated.*,
        sessions_with_orders.session_id is not null as has_order,
        sessions_aggregated.purchase_event_count > 0
        or sessions_with_orders.session_id is not null as has_purchase,
        sessions_aggregated.add_to_cart_count > 0
        and sessions_aggregated.purchase_event_count = 0
        and sessions_with_orders.session_id is null as is_cart_abandoned
    from sessions_aggregated
    left join sessions_with_orders
        on
            sessions_aggregated.as_of_date = sessions_with_orders.as_of_date
            and sessions_aggregated.session_id
            = sessions_with_orders.session_id
)

select * from sessions_flagged
