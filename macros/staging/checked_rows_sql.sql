{#
    The `checked` step of the base staging models: every row of `relation`
    (which has `source_row_number`, `row_reasons` from the row-level checks
    and, when given, `key_column`) with `reasons`, the final list. Without a
    key, reasons = row_reasons. With a key, the rows that pass the row-level
    checks are numbered per key in file order, and every one after the first
    gets `duplicate_<key_column>` (a documented reason code of
    `source_table`): the key's first usable row wins, so joining to the
    clean table never multiplies a row.
#}
{% macro checked_rows_sql(relation, source_table, key_column=none) -%}
    {%- if key_column is none %}
    select
        *,
        row_reasons as reasons
    from {{ relation }}
    {%- else %}
    select
        {{ relation }}.*,
        {{ dbt.array_concat(relation ~ '.row_reasons', reason_codes([
            ['usable_rows_numbered.key_row_number > 1',
                'duplicate_' ~ key_column],
        ], source_table=source_table)) }} as reasons
    from {{ relation }}
    left join (
        select
            source_row_number,
            row_number() over (
                partition by {{ key_column }}
                order by source_row_number
            ) as key_row_number
        from {{ relation }}
        where {{ reasons_are_empty('row_reasons') }}
    ) as usable_rows_numbered
        on {{ relation }}.source_row_number
        = usable_rows_numbered.source_row_number
    {%- endif %}
{%- endmacro %}
