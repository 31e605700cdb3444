-- Every raw campaign touch, parsed, with the list of reasons it cannot be
-- used (`reasons`, empty when clean). is_control accepts true/false, 1/0,
-- yes/no (any case); an empty is_control means "not in the control group"
-- (false), anything else is bad_boolean. Steps as in every base_shop__
-- model (_shop__docs.md, "staging_flow"): parsed, copies_numbered,
-- row_checked, checked, typed.
{{ config(materialized='table') }}
-- A table, not a view: the clean and quarantine models, data_quality_report
-- and everything downstream read it; as a view each of them would redo the
-- parsing and the duplicate search over the whole raw file.
{%- set raw_columns = [
    'campaign_id', 'customer_id', 'touched_at', 'is_control',
] %}

with

source_campaign_touches as (
    {{ raw_batch_sql(source('shop', 'campaign_touches'), 'campaign_touches', raw_columns) }}
),

parsed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        source_record_error,
        campaign_id as raw_campaign_id,
        customer_id as raw_customer_id,
        touched_at as raw_touched_at,
        is_control as raw_is_control,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('customer_id') }} as customer_id,
        {{ parse_timestamp('touched_at') }} as touched_at,
        {{ parse_boolean('is_control') }} as is_control_parsed
    from source_campaign_touches
),

copies_numbered as (
    {{ copy_numbers_sql('parsed', 'source_campaign_touches', raw_columns) }}
),

row_checked as (
    select
        *,
        {{ reason_codes([
            ['source_record_error is not null', 'malformed_record'],
            ['campaign_id is null', 'missing_campaign_id'],
            ['customer_id is null', 'missing_customer_id'],
            ["touched_at is null and trim(raw_touched_at) <> ''", 'bad_timestamp'],
            ["is_control_parsed is null and trim(raw_is_control) <> ''",
                'bad_boolean'],
            ['copy_number > 1', 'duplicate_row'],
        ], source_table='campaign_touches') }} as row_reasons
    from copies_numbered
),

checked as (
    {{ checked_rows_sql('row_checked', 'campaign_touches') }}
),

typed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        raw_campaign_id,
        raw_customer_id,
        raw_touched_at,
        raw_is_control,
        campaign_id,
        customer_id,
        touched_at,
        reasons,
        cast(touched_at as date) as touched_date,
        coalesce(is_control_parsed, false) as is_control
    from checked
)

select * from typed
