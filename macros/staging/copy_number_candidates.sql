{#
    The `where` clause (or nothing) that restricts copy_numbers_sql's exact
    row_number() to the rows of `raw_rows` that can be copies of another.
    Only an optimisation: the window still decides, so a row is never
    marked a copy unless all `columns` are equal.
#}
{% macro copy_number_candidates(raw_rows, columns) -%}
    {{ return(adapter.dispatch('copy_number_candidates', 'segments')(
        raw_rows, columns
    )) }}
{%- endmacro %}

{% macro default__copy_number_candidates(raw_rows, columns) -%}
    {#- Portable: every raw row is a candidate. -#}
{%- endmacro %}

{% macro duckdb__copy_number_candidates(raw_rows, columns) -%}
    {#- A group-by on hash(columns) finds the few rows whose hash occurs more
        than once; a hash collision can only add a candidate. -#}
    {%- set column_list = columns | join(', ') -%}
    where hash({{ column_list }}) in (
        select hash({{ column_list }}) as row_hash
        from {{ raw_rows }}
        group by row_hash
        having count(*) > 1
    )
{%- endmacro %}
