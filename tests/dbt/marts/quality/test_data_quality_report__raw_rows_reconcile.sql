-- Fails (returns rows) when a raw table's rows are not all accounted for:
-- raw_rows (counted from the source file) <> clean_rows + quarantined_rows
-- (rows, not reasons), or when a raw table is missing from the report.
with

data_quality_report as (
    select
        source_table,
        raw_rows,
        clean_rows,
        quarantined_rows
    from {{ ref('data_quality_report') }}
),

expected_tables as (
    {%- for table_name in cleaning_reason_codes() %}
        select '{{ table_name }}' as source_table
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

unreconciled as (
    select distinct
        source_table,
        raw_rows,
        clean_rows,
        quarantined_rows,
        'raw_rows <> clean_rows + quarantined_rows' as problem
    from data_quality_report
    where
        raw_rows is null
        or clean_rows is null
        or quarantined_rows is null
        or raw_rows <> clean_rows + quarantined_rows
),

missing_tables as (
    select
        expected_tables.source_table,
        null as raw_rows,
        null as clean_rows,
        null as quarantined_rows,
        'raw table missing from the report' as problem
    from expected_tables
    left join data_quality_report
        on expected_tables.source_table = data_quality_report.source_table
    where data_quality_report.source_table is null
),

failures as (
    select * from unreconciled
    union all
    select * from missing_tables
)

select * from failures
