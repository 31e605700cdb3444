{#
    Exact-duplicate check of the base staging models (base_shop__): every row of
    `rows` (the parsed rows) with `copy_number`: 1 for the first copy by
    source_row_number, 2, 3, ... for later exact copies of the raw values
    `columns` of `raw_rows` (compared as in the file, NULLs equal); rows
    without a copy get 1. The exact row_number() runs on the candidate rows
    that copy_number_candidates leaves (every row, or on DuckDB the rows whose
    hash occurs more than once).
#}
{% macro copy_numbers_sql(rows, raw_rows, columns) -%}
    {%- set column_list = columns | join(', ') -%}
    select
        {{ rows }}.*,
        coalesce(copy_numbers.copy_number, 1) as copy_number
    from {{ rows }}
    left join (
        select
            source_row_number,
            row_number() over (
                partition by {{ column_list }}
                order by source_row_number
            ) as copy_number
        from {{ raw_rows }}
        {{ copy_number_candidates(raw_rows, columns) }}
    ) as copy_numbers
        on {{ rows }}.source_row_number = copy_numbers.source_row_number
{%- endmacro %}
