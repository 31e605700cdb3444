{#
    A date var (`YYYY-MM-DD`) as a string, '' when unset. Anything else is
    rejected at compile time with a message naming the var.
#}
{% macro run_date_var(name) -%}
    {%- set value = (var(name, '') or '') | string | trim -%}
    {%- if value and not modules.re.match('^\\d{4}-\\d{2}-\\d{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be a date written YYYY-MM-DD (e.g. --vars '{"
            ~ name ~ ": 2024-06-30}') or empty, got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}
