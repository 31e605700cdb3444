{#
    `select source_row_number, copy_number` for the rows of `relation` that
    have an exact copy among its `columns` (compared as in the file, NULLs
    equal): copy_number 1 for the first copy by source_row_number, 2, 3, ...
    for the later ones. Rows without a copy may be absent (their copy_number
    is 1; callers left-join and default to 1). DuckDB fast path: a group-by on hash(columns) finds the few candidate rows; the
    exact row_number() over all columns then runs only on those, so a hash
    collision can never mark a row that is not an exact copy.
#}
{% macro copy_numbers_sql(relation, columns) -%}
    {{ return(adapter.dispatch('copy_numbers_sql', 'segments')(relation, columns)) }}
{%- endmacro %}

{% macro default__copy_numbers_sql(relation, columns) -%}
    {#- Portable: the exact window over every row (no engine hash function). -#}
    {%- set column_list = columns | join(', ') -%}
    select
        source_row_number,
        row_number() over (
            partition by {{ column_list }}
            order by source_row_number
        ) as copy_number
    from {{ relation }}
{%- endmacro %}

{% macro duckdb__copy_numbers_sql(relation, columns) -%}
    {%- set column_list = columns | join(', ') -%}
    select
        source_row_number,
        row_number() over (
            partition by {{ column_list }}
            order by source_row_number
        ) as copy_number
    from {{ relation }}
    where hash({{ column_list }}) in (
        select hash({{ column_list }}) as row_hash
        from {{ relation }}
        group by row_hash
        having count(*) > 1
    )
{%- endmacro %}
