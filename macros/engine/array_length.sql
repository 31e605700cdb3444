{#
    The number of elements of the array expression `array` (NULL when it is
    NULL). Default: standard SQL `cardinality`; DuckDB: `len`; Spark: `size`
    (which returns -1 for NULL unless legacy settings are off, hence the
    explicit NULL case).
#}
{% macro array_length(array) -%}
    {{ return(adapter.dispatch('array_length', 'segments')(array)) }}
{%- endmacro %}

{% macro default__array_length(array) -%}
    cardinality({{ array }})
{%- endmacro %}

{% macro duckdb__array_length(array) -%}
    len({{ array }})
{%- endmacro %}

{% macro spark__array_length(array) -%}
    case when {{ array }} is not null then size({{ array }}) end
{%- endmacro %}
