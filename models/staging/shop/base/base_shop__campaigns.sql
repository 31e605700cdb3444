-- Every raw campaign row, parsed, with the list of reasons it cannot be used
-- (`reasons`, empty when clean). A campaign_id found on several usable rows
-- with different values keeps its first row in file order; the later ones
-- are duplicate_campaign_id.
-- Steps as in every base_shop__ model (_shop__docs.md, "staging_flow"):
-- parsed, copies_numbered, row_checked, checked, typed.
{{ config(materialized='table') }}
-- A table, not a view: the clean and quarantine models, data_quality_report
-- and everything downstream read it; as a view each of them would redo the
-- parsing and the duplicate search over the whole raw file.

{%- set raw_columns = [
    'campaign_id', 'campaign_name', 'channel', 'started_at', 'cost',
] %}

with

source_campaigns as (
    {{ raw_batch_sql(source('shop', 'campaigns'), 'campaigns', raw_columns) }}
),

parsed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        source_record_error,
        campaign_id as raw_campaign_id,
        campaign_name as raw_campaign_name,
        channel as raw_channel,
        started_at as raw_started_at,
        cost as raw_cost,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        lower({{ clean_text('channel') }}) as channel,
        {{ parse_timestamp('started_at') }} as started_at,
        -- `cost` is the contract's column name (a keyword for sqlfluff).
        {{ parse_number('cost') }} as cost  -- noqa: RF04
    from source_campaigns
),

copies_numbered as (
    {{ copy_numbers_sql('parsed', 'source_campaigns', raw_columns) }}
),

row_checked as (
    select
        *,
        {{ reason_codes([
            ['source_record_error is not null', 'malformed_record'],
            ['campaign_id is null', 'missing_campaign_id'],
            ["started_at is null and trim(raw_started_at) <> ''", 'bad_timestamp'],
            ["cost is null and trim(raw_cost) <> ''", 'bad_number'],
            ['cost < 0', 'negative_cost'],
            ['copy_number > 1', 'duplicate_row'],
        ], source_table='campaigns') }} as row_reasons
    from copies_numbered
),

checked as (
    {{ checked_rows_sql('row_checked', 'campaigns', 'campaign_id') }}
),

typed as (
    select
        source_file,
        source_row_number,
        source_file_row_number,
        source_line_number,
        raw_campaign_id,
        raw_campaign_name,
        raw_channel,
        raw_started_at,
        raw_cost,
        campaign_id,
        campaign_name,
        channel,
        started_at,
        cast(started_at as date) as started_date,
        cost,
        reasons
    from checked
)

select * from typed
