-- One row per as-of date (the dates of int_as_of_dates that need customer
-- features) and clean browsing event on or before it, with its session and
-- the customer it is attributed to as of that date (the YAML docs give the
-- rules). Both depend on the date: an anonymous_id stands for a customer only
-- by the events on or before it (int_anonymous_ids_resolved), and visitor
-- streams, so sessions, follow from that. Only the columns the session and
-- behaviour models read; the event's other columns are in stg_shop__events
-- on the same source_row_number (writing them again for every event was a
-- quarter of this model's time, docs/performance-notes.md).
-- events_in_window and events_resolved are read more than once and inlined
-- (not_materialized): storing a copy of every event first cost more than
-- reading them again (docs/performance-notes.md).
{%- set inactivity_minutes = checked_var('session_inactivity_minutes') %}

with

stg_shop__events as (
    select
        source_row_number,
        customer_id,
        anonymous_id,
        session_id,
        event_type,
        search_query,
        occurred_at,
        occurred_date
    from {{ ref('stg_shop__events') }}
),

int_as_of_dates as (
    select distinct as_of_date
    from {{ ref('int_as_of_dates') }}
    where needs_customer_features
),

int_anonymous_ids_resolved as (
    select
        as_of_date,
        anonymous_id,
        customer_id
    from {{ ref('int_anonymous_ids_resolved') }}
),

events_in_window as {{ not_materialized() }} (
    {{ rows_up_to_each_date('stg_shop__events', 'occurred_date') }}
),

events_resolved as {{ not_materialized() }} (
    select
        events_in_window.*,
        coalesce(
            events_in_window.customer_id,
            int_anonymous_ids_resolved.customer_id
        ) as resolved_customer_id
    from events_in_window
    left join int_anonymous_ids_resolved
        on
            events_in_window.as_of_date = int_anonymous_ids_resolved.as_of_date
            and events_in_window.anonymous_id
            = int_anonymous_ids_resolved.anonymous_id
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
        as_of_date,
        source_row_number,
        'v:' || visitor_key || ':' || cast(
            sum(is_session_start) over (
                partition by as_of_date, visitor_key
                order by occurred_at, source_row_number
                rows between unbounded preceding and current row
            ) as {{ dbt.type_string() }}
        ) as built_session_id
    from gaps_flagged
),

-- A built session holds one visitor's events, so its customer is the
-- visitor's resolved customer (NULL for an anonymous visitor); only given
-- session ids can mix customers and need a look across their events.
-- Grouping the raw session_id of those events, instead of every event on
-- its prefixed session id, halved the query's own time; storing the rows is
-- most of what is left (docs/performance-notes.md).
session_customers as (
    select
        as_of_date,
        session_id,
        min(resolved_customer_id) as session_customer_id
    from events_resolved
    where session_id is not null
    group by as_of_date, session_id
),

events_attributed as (
    -- Columns in the order the YAML documents them (and the table had).
    select  -- noqa: ST06
        events_resolved.as_of_date,
        events_resolved.source_row_number,
        coalesce(
            's:' || events_resolved.session_id,
            sessions_numbered.built_session_id
        ) as session_id,
        events_resolved.session_id is null as is_session_derived,
        case
            when events_resolved.session_id is null
                then events_resolved.resolved_customer_id
            else session_customers.session_customer_id
        end as customer_id,
        events_resolved.anonymous_id,
        events_resolved.event_type,
        events_resolved.search_query,
        events_resolved.occurred_at
    from events_resolved
    left join sessions_numbered
        on
            events_resolved.as_of_date = sessions_numbered.as_of_date
            and events_resolved.source_row_number
            = sessions_numbered.source_row_number
    left join session_customers
        on
            events_resolved.as_of_date = session_customers.as_of_date
            and events_resolved.session_id = session_customers.session_id
)

select * from events_attributed
