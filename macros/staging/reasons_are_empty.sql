{#
    SQL condition: the reason list `column` (a list of reason codes, see
    reason_codes) is empty, i.e. the row is clean. The clean staging models
    keep these rows, the quarantine models the others.
#}
{% macro reasons_are_empty(column) -%}
    {{ return(adapter.dispatch('reasons_are_empty', 'segments')(column)) }}
{%- endmacro %}

{% macro default__reasons_are_empty(column) -%}
    cardinality({{ column }}) = 0
{%- endmacro %}

{% macro duckdb__reasons_are_empty(column) -%}
    len({{ column }}) = 0
{%- endmacro %}
