-- One row per raw table x reason: how many raw rows each table had, how many
-- came out clean, how many were quarantined, and how many rows carry each
-- reason. handling = 'quarantine' rows list every documented reason code of
-- the table (zero when none was found, int_quarantine_reasons_counted);
-- handling = 'keep' rows count clean order lines that were kept but flagged
-- or normalised (unknown product, guest checkout, ...;
-- int_kept_order_lines_counted). A quarantined row may have several reasons:
-- quarantined_rows counts rows, so raw_rows = clean_rows + quarantined_rows.
with

int_raw_tables_counted as (
    select
        source_table,
        raw_rows,
        clean_rows,
        quarantined_rows
    from {{ ref('int_raw_tables_counted') }}
),

int_quarantine_reasons_counted as (
    select
        handling,
        reason_description,
        source_table,
        reason,
        reason_rows
    from {{ ref('int_quarantine_reasons_counted') }}
),

int_kept_order_lines_counted as (
    select
        handling,
        reason_description,
        source_table,
        reason,
        reason_rows
    from {{ ref('int_kept_order_lines_counted') }}
),

report_rows as (
    select * from int_quarantine_reasons_counted
    union all
    select * from int_kept_order_lines_counted
),

report as (
    select
        report_rows.source_table,
        report_rows.reason,
        report_rows.handling,
        report_rows.reason_description,
        int_raw_tables_counted.raw_rows,
        int_raw_tables_counted.clean_rows,
        int_raw_tables_counted.quarantined_rows,
        report_rows.reason_rows,
        {{ safe_ratio('cast(report_rows.reason_rows as double)',
            'int_raw_tables_counted.raw_rows') }} as reason_share
    from report_rows
    left join int_raw_tables_counted
        on report_rows.source_table = int_raw_tables_counted.source_table
)

select * from report
