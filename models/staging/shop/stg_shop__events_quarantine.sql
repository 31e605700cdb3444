-- Raw browsing events that cannot be used: one row per quarantined raw row,
-- with its position in the file, its original values and why.
with

base_shop__events as (
    select * from {{ ref('base_shop__events') }}
),

quarantined as (
    select
        'events' as source_table,
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        reasons,
        {{ raw_values_json([
            'event_id', 'customer_id', 'anonymous_id', 'session_id',
            'event_type', 'product_id', 'search_query', 'occurred_at',
            'device', 'channel',
        ]) }} as raw_values
    from base_shop__events
    where not {{ reasons_are_empty('reasons') }}
)

select * from quarantined
