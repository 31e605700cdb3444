{#
    Exact-duplicate check of the `_validated` staging models: every row of
    `rows` (the parsed rows) with `copy_number`: 1 for the first copy by
    source_row_number, 2, 3, ... for later exact copies of the raw values
    `columns` of `raw_rows` (compared as in the file, NULLs equal); rows
    without a copy get 1.
#}
{% macro copy_numbers_sql(rows, raw_rows, columns) -%}
    {{ return(adapter.dispatch('copy_numbers_sql', 'segments')(
        rows, raw_rows, columns
    )) }}
{%- endmacro %}

{% macro default__copy_numbers_sql(rows, raw_rows, columns) -%}
    {#- Portable: the exact window over every raw row. -#}
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
    ) as copy_numbers
        on {{ rows }}.source_row_number = copy_numbers.source_row_number
{%- endmacro %}

{% macro duckdb__copy_numbers_sql(rows, raw_rows, columns) -%}
    {#- Fast path: a group-by on hash(columns) finds the few candidate rows;
        the exact row_number() over all columns then runs only on those, so
        a hash collision can never mark a row that is not an exact copy. -#}
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
        where hash({{ column_list }}) in (
            select hash({{ column_list }}) as row_hash
            from {{ raw_rows }}
            group by row_hash
            having count(*) > 1
        )
    ) as copy_numbers
        on {{ rows }}.source_row_number = copy_numbers.source_row_number
{%- endmacro %}
