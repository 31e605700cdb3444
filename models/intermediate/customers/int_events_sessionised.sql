-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and clean browsing event on or before it, with its session and
-- the customer it is attributed to as of that date (rules in the YAML docs):
-- identity stitching, and so visitor streams and sessions, depend on the
-- date (int_events_stitched). Only the columns the session and behaviour
-- models read; the others are in stg_shop__events on the same
-- source_row_number. events_in_window and events_resolved are inlined
-- (not_materialized): storing a copy of every event cost more than reading
-- them again (docs/performance-notes.md).
{%- set inactivity_minutes = checked_var('session_inactivity_minutes') %}

with

int_events_stitched as (
    select * from {{ ref('int_events_stitched') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

events_in_window as {{ not_materialized() }} (
    {{ rows_up_to_each_date('int_events_stitched', 'occurred_date') }}
),

events_resolved as {{ not_materialized() }} (
    select
        source_row_number,
        anonymous_id,
        session_id,
        event_type,
        search_query,
        occurred_at,
        as_of_date,
        case
            when customer_id is not null then customer_id
            when
                resolved_from <= as_of_date
                and (resolved_until is null or as_of_date < resolved_until)
                then stitched_customer_id
        end as resolved_customer_id
    from events_in_window
),

visitors_keyed as (
    select
        *,
        case
            when resolved_customer_id is not null
                then 'c:' || resolved_customer_id
            when anonymous_id is not null
                then 'a:' || anonymous_id
            else 'e:' || cast(source_row_number as {{ dbt.type_string() }})
        end as visitor_key
    from events_resolved
    where session_id is null
),

gaps_flagged as (
    select
        *,
        {{ session_start_flag(
            'occurred_at', 'as_of_date, visitor_key',
            'occurred_at, source_row_number', inactivity_minutes
        ) }} as is_session_start
    from visitors_keyed
),

sessions_numbered as (
    select
        *,
        'v:' || visitor_key || ':' || cast(
            sum(is_session_start) over (
                partition by as_of_date, visitor_key
                order by occurred_at, source_row_number
                rows between unbounded preceding and current row
            ) as {{ dbt.type_string() }}
        ) as built_session_id
    from gaps_flagged
),

-- A built session's customer is its visitor's (NULL when anonymous); only
-- given session ids can mix customers and need a look across their events.
session_customers as (
    select
        as_of_date,
        session_id,
        min(resolved_customer_id) as session_customer_id
    from events_resolved
    where session_id is not null
    group by as_of_date, session_id
),

-- Each kind of event gets its session in its own branch, so no event is
-- joined back to its built session. Columns in the YAML's order.
events_in_built_sessions as (
    select  -- noqa: ST06
        as_of_date,
        source_row_number,
        built_session_id as session_id,
        true as is_session_derived,
        resolved_customer_id as customer_id,
        anonymous_id,
        event_type,
        search_query,
        occurred_at
    from sessions_numbered
),

events_in_given_sessions as (
    select  -- noqa: ST06
        events_resolved.as_of_date,
        events_resolved.source_row_number,
        's:' || events_resolved.session_id as session_id,
        false as is_session_derived,
        session_customers.session_customer_id as customer_id,
        events_resolved.anonymous_id,
        events_resolved.event_type,
        events_resolved.search_query,
        events_resolved.occurred_at
    from events_resolved
    inner join session_customers
        on
            events_resolved.as_of_date = session_customers.as_of_date
            and events_resolved.session_id = session_customers.session_id
),

events_attributed as (
    select * from events_in_built_sessions
    union all
    select * from events_in_given_sessions
)

select * from events_attributed
