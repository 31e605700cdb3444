-- One row per clean browsing event: the columns sessionisation reads, with
-- the stitching interval of its anonymous_id (int_anonymous_ids_resolved:
-- the customer it stands for and the as-of dates on which it does; NULL
-- when it stands for no one). A view: int_events_sessionised reads it once
-- per as-of date and keeps the stitched customer only for the dates inside
-- the interval. Looking the anonymous_id up once per event, before the
-- events are repeated per date, keeps that join small
-- (docs/point-in-time.md).

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

int_anonymous_ids_resolved as (
    select
        anonymous_id,
        customer_id,
        resolved_from,
        resolved_until
    from {{ ref('int_anonymous_ids_resolved') }}
),

events_stitched as (
    select
        stg_shop__events.*,
        int_anonymous_ids_resolved.customer_id as stitched_customer_id,
        int_anonymous_ids_resolved.resolved_from,
        int_anonymous_ids_resolved.resolved_until
    from stg_shop__events
    left join int_anonymous_ids_resolved
        on stg_shop__events.anonymous_id = int_anonymous_ids_resolved.anonymous_id
)

select * from events_stitched
