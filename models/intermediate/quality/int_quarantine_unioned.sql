-- Every quarantined raw row of every raw table in one relation: one row per
-- (source_table, source_row_number), with the file and line it came from,
-- its reasons and original values (PII masked, see
-- stg_shop__customers_quarantine).
with

{% for table_name in cleaning_reason_codes() %}
    stg_shop__{{ table_name }}_quarantine as (
        select
            source_table,
            source_file,
            source_row_number,
            source_file_row_number,
            source_line_number,
            reasons,
            raw_values
        from {{ ref('stg_shop__' ~ table_name ~ '_quarantine') }}
    ),

{% endfor %}
unioned as (
    {%- for table_name in cleaning_reason_codes() %}
        select
            source_table,
            source_file,
            source_row_number,
            source_file_row_number,
            source_line_number,
            reasons,
            raw_values
        from stg_shop__{{ table_name }}_quarantine
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from unioned
