{#
    `a = b` that treats two NULLs as equal (and NULL vs a value as unequal):
    SQL's IS NOT DISTINCT FROM, written so that every adapter (and sqlfluff)
    reads it. dbt.equals only does this behind a behaviour flag.
#}
{% macro null_safe_equals(left_expression, right_expression) -%}
    ({{ left_expression }} = {{ right_expression }}
    or ({{ left_expression }} is null and {{ right_expression }} is null))
{%- endmacro %}
