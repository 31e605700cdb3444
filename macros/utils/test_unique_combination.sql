{#
    Generic data test for a key of several columns: returns each combination
    of `column_names` that occurs in more than one row of `model`, with its
    row count. Rows are grouped on the columns themselves, so NULLs compare
    equal (a key part that should never be NULL has its own not_null test),
    and no separator can make two different keys look alike, as
    `a || '|' || b` would for ('x|y', 'z') and ('x', 'y|z'). Grouping on the
    columns is also faster than on a concatenated text (docs/performance-notes.md).
    `column_names`: a list of two or more column names.
#}
{% test unique_combination(model, column_names) -%}
    {%- if column_names is string or column_names is not iterable
            or column_names | length < 2 -%}
        {{ exceptions.raise_compiler_error(
            "unique_combination: column_names must be a list of two or more "
            ~ "columns, e.g. [order_id, product_id], got " ~ column_names
            ~ "; for a single column use the unique test"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('test_unique_combination', 'segments')(
        model, column_names
    )) }}
{%- endtest %}

{% macro default__test_unique_combination(model, column_names) -%}
    {%- set column_list = column_names | join(', ') -%}
    select
        {{ column_list }},
        count(*) as n_records
    from {{ model }}
    group by {{ column_list }}
    having count(*) > 1
{%- endmacro %}
