{#
    A column of a raw Parquet file as the raw text every engine reads for
    it: DuckDB's cast to text (a timestamp with a zone as UTC with `+00`,
    e.g. `2024-03-31 00:30:00+00`; doubles as their shortest digits; dates,
    decimals, integers and booleans as written in SQL), so that staging
    parses typed Parquet values as it parses the same text in a CSV file.
    `column`: the quoted column name.
#}
{% macro parquet_value_text(column) -%}
    {{ return(adapter.dispatch('parquet_value_text', 'segments')(column)) }}
{%- endmacro %}

{% macro default__parquet_value_text(column) -%}
    cast({{ column }} as string)
{%- endmacro %}

{#- Spark: a Parquet timestamp with a zone is read as `timestamp` (an
    instant) and cast to text as the session zone's wall clock without an
    offset; the session zone is UTC (profiles.yml, spark_build), so `+00`
    makes it the instant DuckDB writes. `typeof` is a constant: the unused
    branch is removed at planning. -#}
{% macro spark__parquet_value_text(column) -%}
    case typeof({{ column }})
        when 'timestamp' then concat(cast({{ column }} as string), '+00')
        else cast({{ column }} as string)
    end
{%- endmacro %}
