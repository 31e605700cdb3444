-- Every raw browsing event, parsed, with the list of reasons it cannot be
-- used (`reasons`, empty when clean). The clean and quarantine models both
-- read this one, so raw rows = clean rows + quarantined rows by construction.
-- Steps as in every base_shop__ model (_shop__docs.md, "staging_flow"):
-- parsed, copies_numbered, future_cutoff, row_checked, checked, typed.
{{ config(
    materialized='incremental',
    tags=['raw_batches'],
    meta={'raw_table': 'events'},
    **append_rows_config()
) }}
-- Incremental: a run validates only the raw files not loaded before
-- (raw_batch_sql) and appends their rows; the clean and quarantine models,
-- data_quality_report and everything downstream read the stored rows. A
-- copy of a row of an earlier batch is a duplicate_row (copy_numbers_sql
-- with the stored rows); docs/incremental.md explains the rules.
-- source_events is read twice (parsing, duplicate search) and inlined
-- (not_materialized): rereading the file beats storing a copy of it first.
{%- set quoted_event_types = [] %}
{%- for event_type in checked_var('event_types') %}
    {%- do quoted_event_types.append(sql_string(event_type)) %}
{%- endfor %}
{%- set event_types_sql = quoted_event_types | join(', ') %}
{%- set raw_columns = [
    'event_id', 'customer_id', 'anonymous_id', 'session_id', 'event_type',
    'product_id', 'search_query', 'occurred_at', 'device', 'channel',
] %}

with

source_events as {{ not_materialized() }} (
    {{ raw_batch_sql(
        source('shop', 'events'), 'events', raw_columns, row_hash=true
    ) }}
),

parsed as (
    select
        source_file,
        source_file_stamp,
        source_row_number,
        source_file_row_number,
        source_line_number,
        raw_row_hash,
        source_record_error,
        event_id as raw_event_id,
        customer_id as raw_customer_id,
        anonymous_id as raw_anonymous_id,
        session_id as raw_session_id,
        event_type as raw_event_type,
        product_id as raw_product_id,
        search_query as raw_search_query,
        occurred_at as raw_occurred_at,
        device as raw_device,
        channel as raw_channel,
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,
        {{ clean_text('session_id') }} as session_id,
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('product_id') }} as product_id,
        {{ clean_text('search_query') }} as search_query,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        lower({{ clean_text('device') }}) as device,
        lower({{ clean_text('channel') }}) as channel
    from source_events
),

copies_numbered as (
    {{ copy_numbers_sql(
        'parsed', 'source_events', raw_columns,
        loaded=this if is_incremental() else none
    ) }}
),

timestamps_so_far as (
    {{ rows_so_far('parsed', ['occurred_at']) }}
),

future_cutoff as (
    {{ future_cutoff_sql('timestamps_so_far', 'occurred_at') }}
),

row_checked as (
    select
        copies_numbered.*,
        {{ reason_codes([
            ['source_record_error is not null', 'malformed_record'],
            ["copies_numbered.raw_occurred_at is null
                or trim(copies_numbered.raw_occurred_at) = ''",
                'missing_occurred_at'],
            ["copies_numbered.occurred_at is null
                and trim(copies_numbered.raw_occurred_at) <> ''",
                'bad_timestamp'],
            ['copies_numbered.occurred_at > future_cutoff.cutoff_at',
                'future_timestamp'],
            ["copies_numbered.event_type is null
                or copies_numbered.event_type not in ("
                ~ event_types_sql ~ ")", 'unknown_event_type'],
            ['copies_numbered.copy_number > 1', 'duplicate_row'],
        ], source_table='events') }} as row_reasons
    from copies_numbered
    cross join future_cutoff
),

checked as (
    {{ checked_rows_sql('row_checked', 'events') }}
),

-- The raw text is kept only for rows with reasons (the quarantine shows it);
-- for a clean event the parsed columns hold the same values. Events are the
-- largest raw table, and writing every raw value a second time was about a
-- third of this model's time at 10M order lines (docs/performance-notes.md).
typed as (
    select
        {{ quarantined_raw_columns(raw_columns) }}
        event_id,
        customer_id,
        anonymous_id,
        session_id,
        event_type,
        product_id,
        search_query,
        occurred_at,
        cast(occurred_at as date) as occurred_date,
        device,
        channel,
        reasons
    from checked
)

select * from typed
