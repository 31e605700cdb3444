{#
    Trimmed text, with empty strings as NULL. `column`: a text expression.
#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}
