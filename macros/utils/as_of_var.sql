{#
    The dbt var `as_of` as a `YYYY-MM-DD` string, or '' when unset (checked
    by checked_var). Anything else is rejected at compile time.
#}
{% macro as_of_var() -%}
    {{- return(checked_var('as_of') or '') -}}
{%- endmacro %}
