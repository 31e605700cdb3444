-- Every raw order line, parsed, with the list of reasons it cannot be used
-- (`reasons`, empty when clean). The clean model and the quarantine model both
-- read this one, so raw rows = clean rows + quarantined rows by construction.
-- Steps as in every base_shop__ model (_shop__docs.md, "staging_flow"):
-- parsed, copies_numbered, future_cutoff, row_checked, checked, typed.
{{ config(
    materialized='incremental',
    tags=['raw_batches'],
    meta={'raw_table': 'order_lines'},
    **append_rows_config()
) }}
-- Incremental: a run validates only the raw files not loaded before
-- (raw_batch_sql) and appends their rows; the clean and quarantine models,
-- data_quality_report and everything downstream read the stored rows. A
-- copy of a row of an earlier batch is a duplicate_row (copy_numbers_sql
-- with the stored rows); docs/incremental.md explains the rules.

{%- set raw_columns = [
    'order_id', 'customer_id', 'ordered_at', 'product_id', 'quantity',
    'unit_price', 'status', 'channel',
] %}

with

source_order_lines as (
    {{ raw_batch_sql(
        source('shop', 'order_lines'), 'order_lines', raw_columns,
        row_hash=true
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
        order_id as raw_order_id,
        customer_id as raw_customer_id,
        ordered_at as raw_ordered_at,
        product_id as raw_product_id,
        quantity as raw_quantity,
        unit_price as raw_unit_price,
        status as raw_status,
        channel as raw_channel,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ clean_text('product_id') }} as product_id,
        {{ parse_timestamp('ordered_at') }} as ordered_at,
        coalesce({{ parse_number('quantity') }}, 1) as quantity_or_default,
        {{ parse_number('quantity') }} as quantity,
        {{ parse_number('unit_price') }} as unit_price,
        coalesce(lower({{ clean_text('status') }}), 'completed') as status,
        lower({{ clean_text('channel') }}) as channel,
        -- How a clean line was normalised (data_quality_report counts them):
        -- decided here, where the raw text is, because a clean line keeps
        -- no raw copy (see typed).
        {{ clean_text('quantity') }} is null as has_default_quantity,
        coalesce(length(trim(ordered_at)) <= 10, false)
            as has_date_only_timestamp,
        coalesce(
            {%- for column in raw_columns %}
                {{ column }} <> trim({{ column }})
                {%- if not loop.last %} or{% endif %}
            {%- endfor %}, false
        ) as has_stray_whitespace
    from source_order_lines
),

copies_numbered as (
    {{ copy_numbers_sql(
        'parsed', 'source_order_lines', raw_columns,
        loaded=this if is_incremental() else none
    ) }}
),

timestamps_so_far as (
    {{ rows_so_far('parsed', ['ordered_at']) }}
),

future_cutoff as (
    {{ future_cutoff_sql('timestamps_so_far', 'ordered_at') }}
),

row_checked as (
    select
        copies_numbered.*,
        {{ reason_codes([
            ['copies_numbered.source_record_error is not null',
                'malformed_record'],
            ['copies_numbered.order_id is null', 'missing_order_id'],
            ["copies_numbered.raw_ordered_at is null or trim(copies_numbered.raw_ordered_at) = ''",
                'missing_ordered_at'],
            ["copies_numbered.ordered_at is null and trim(copies_numbered.raw_ordered_at) <> ''",
                'bad_timestamp'],
            ['copies_numbered.ordered_at > future_cutoff.cutoff_at', 'future_timestamp'],
            ["(copies_numbered.quantity is null and trim(copies_numbered.raw_quantity) <> '')
                or (copies_numbered.unit_price is null
                    and trim(copies_numbered.raw_unit_price) <> '')", 'bad_number'],
            ["copies_numbered.raw_unit_price is null or trim(copies_numbered.raw_unit_price) = ''",
                'missing_unit_price'],
            ['copies_numbered.unit_price < 0', 'negative_price'],
            ["copies_numbered.status not in ('completed', 'cancelled', 'returned')",
                'unknown_status'],
            ['copies_numbered.copy_number > 1', 'duplicate_row'],
        ], source_table='order_lines') }} as row_reasons
    from copies_numbered
    cross join future_cutoff
),

checked as (
    {{ checked_rows_sql('row_checked', 'order_lines') }}
),

-- The raw text is kept only for lines with reasons (the quarantine shows
-- it); a clean line's parsed columns and normalisation flags say the rest.
-- Writing every raw value a second time was a sixth of this model's time at
-- 10M order lines (docs/performance-notes.md).
typed as (
    select
        {{ quarantined_raw_columns(raw_columns) }}
        order_id,
        customer_id,
        product_id,
        ordered_at,
        cast(ordered_at as date) as ordered_date,
        quantity_or_default as quantity,
        unit_price,
        status,
        channel,
        reasons,
        -- Widened first: decimal(18, 4) x decimal(18, 4) stays decimal(18, 8)
        -- in DuckDB and overflows (an error) from 10^10 on.
        case
            when status = 'returned'
                then -abs(cast(quantity_or_default as decimal(38, 4)) * unit_price)
            else cast(quantity_or_default as decimal(38, 4)) * unit_price
        end as line_revenue,
        quantity_or_default < 0 or status = 'returned' as is_return,
        status = 'cancelled' as is_cancelled,
        status = 'completed' and quantity_or_default > 0 as is_purchase,
        has_default_quantity,
        has_date_only_timestamp,
        has_stray_whitespace
    from checked
)

select * from typed
