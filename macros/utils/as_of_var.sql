{#
    The dbt var `as_of` as a `YYYY-MM-DD` string, or '' when unset. Anything
    else is rejected at compile time.
#}
{% macro as_of_var() -%}
    {%- set value = (var('as_of', '') or '') | string | trim -%}
    {%- if value and not modules.re.match('^\\d{4}-\\d{2}-\\d{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var as_of must be a date written YYYY-MM-DD (e.g. "
            ~ "--vars '{as_of: 2024-06-30}'), got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}
