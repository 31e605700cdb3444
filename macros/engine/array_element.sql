{#
    The element at 1-based `position` (an integer) of the array expression
    `array`, or NULL when the array is shorter. DuckDB and the default:
    `array[position]`; Spark: `try_element_at` (its `[]` counts from 0 and
    raises beyond the end).
#}
{% macro array_element(array, position) -%}
    {%- if position is not number or position < 1 -%}
        {{ exceptions.raise_compiler_error(
            "array_element: position must be an integer >= 1 (1-based), got "
            ~ position
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('array_element', 'segments')(array, position)) }}
{%- endmacro %}

{% macro default__array_element(array, position) -%}
    {{ array }}[{{ position }}]
{%- endmacro %}

{% macro spark__array_element(array, position) -%}
    try_element_at({{ array }}, {{ position }})
{%- endmacro %}
