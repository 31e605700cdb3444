-- Warns (never fails) when future_timestamp quarantines more than var
-- future_timestamp_warn_share of a table's rows: a clock bug in a source
-- system, or data that needs var load_date (see future_cutoff_sql). The
-- rows stay in data_quality_report (reason future_timestamp) either way.
{{ config(severity='warn') }}
{%- set share = checked_var('future_timestamp_warn_share') %}

with

data_quality_report as (
    select
        source_table,
        reason,
        handling,
        reason_rows,
        reason_share
    from {{ ref('data_quality_report') }}
),

too_many_future_rows as (
    select
        source_table,
        reason_rows,
        reason_share
    from data_quality_report
    where
        reason = 'future_timestamp'
        and handling = 'quarantine'
        and reason_share > {{ share }}
)

select * from too_many_future_rows
