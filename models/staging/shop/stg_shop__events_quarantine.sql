-- Raw browsing events that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why.
with

events_validated as (
    select * from {{ ref('stg_shop__events_validated') }}
),

quarantined as (
    select
        'events' as source_table,
        source_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'event_id', 'customer_id', 'anonymous_id', 'session_id',
            'event_type', 'product_id', 'search_query', 'occurred_at',
            'device', 'channel',
        ]) }} as raw_values
    from events_validated
    where {{ array_length('reasons') }} > 0
)

select * from quarantined
