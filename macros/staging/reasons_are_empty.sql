{#
    SQL condition: the reason list `column` (a list of reason codes, see
    reason_codes) is empty, i.e. the row is clean. The clean staging models
    keep these rows, the quarantine models the others.
#}
{% macro reasons_are_empty(column) -%}
    {{ array_length(column) }} = 0
{%- endmacro %}
