{#
    Exact-duplicate check of the base staging models (base_shop__): every row of
    `rows` (the parsed rows) with `copy_number`: 1 for the first copy by
    source_row_number, 2, 3, ... for later exact copies of the raw values
    `columns` of `raw_rows` (compared as in the file, NULLs equal); rows
    without a copy get 1. The exact row_number() runs on the candidate rows
    that copy_number_candidates leaves (every row, or on DuckDB the rows whose
    hash occurs more than once). `loaded` (optional, an incremental run: the
    model's own table): a row whose `raw_row_hash` is among the rows loaded
    in earlier batches is a copy of one of them, and its copy_number is one
    higher, so a copy of an earlier batch's row is never taken as the first.
#}
{% macro copy_numbers_sql(rows, raw_rows, columns, loaded=none) -%}
    {%- set column_list = columns | join(', ') -%}
    select
        {{ rows }}.*,
        coalesce(copy_numbers.copy_number, 1)
        {%- if loaded is not none %}
        + case
            when {{ rows }}.raw_row_hash in (
                select raw_row_hash from {{ loaded }}
            ) then 1
            else 0
        end
        {%- endif %} as copy_number
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
