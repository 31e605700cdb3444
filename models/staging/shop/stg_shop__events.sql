-- Clean browsing events: one row per usable raw event (see the quarantine
-- model beside it for the rest). Typed, trimmed, event_type lower-cased;
-- empty identifiers are NULL.
with

base_shop__events as (
    select * from {{ ref('base_shop__events') }}
),

clean as (
    select
        source_row_number,
        event_id,
        customer_id,
        anonymous_id,
        session_id,
        event_type,
        product_id,
        search_query,
        occurred_at,
        occurred_date,
        device,
        channel
    from base_shop__events
    where {{ reasons_are_empty('reasons') }}
)

select * from clean
