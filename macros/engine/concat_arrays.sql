{#
    The elements of array `first` followed by those of array `second`.
    Default: dbt's cross-database `array_concat`; DuckDB: `list_concat`;
    Spark: `concat`.
#}
{% macro concat_arrays(first, second) -%}
    {{ return(adapter.dispatch('concat_arrays', 'segments')(first, second)) }}
{%- endmacro %}

{% macro default__concat_arrays(first, second) -%}
    {{ dbt.array_concat(first, second) }}
{%- endmacro %}

{% macro duckdb__concat_arrays(first, second) -%}
    list_concat({{ first }}, {{ second }})
{%- endmacro %}

{% macro spark__concat_arrays(first, second) -%}
    concat({{ first }}, {{ second }})
{%- endmacro %}
