{#
    An array literal of the SQL expressions `elements` (a non-empty list of
    SQL text, e.g. ["'a'", "col"]). Default: standard SQL `array[...]`;
    DuckDB: `[...]`; Spark: `array(...)`.
#}
{% macro text_array(elements) -%}
    {%- if elements is string or elements | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "text_array: pass a non-empty list of SQL expressions, e.g. "
            ~ "[\"'a'\", \"'b'\"]"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('text_array', 'segments')(elements)) }}
{%- endmacro %}

{% macro default__text_array(elements) -%}
    array[{{ elements | join(', ') }}]
{%- endmacro %}

{% macro duckdb__text_array(elements) -%}
    [{{ elements | join(', ') }}]
{%- endmacro %}

{% macro spark__text_array(elements) -%}
    array({{ elements | join(', ') }})
{%- endmacro %}
