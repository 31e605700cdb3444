-- Clean browsing events: one row per usable raw event (see the quarantine
-- model beside it for the rest). Typed, trimmed, event_type lower-cased;
-- empty identifiers are NULL.
with

events_validated as (
    select * from {{ ref('stg_shop__events_validated') }}
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
    from events_validated
    where {{ array_length('reasons') }} = 0
)

select * from clean
