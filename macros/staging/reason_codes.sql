{#
    A list (text[]) of the reason codes whose condition holds, in the order
    given. `checks`: a list of [condition_sql, reason_code] pairs. An empty list
    means the row is clean.
#}
{% macro reason_codes(checks) -%}
    {%- if checks is string or checks | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "reason_codes: pass a non-empty list of [condition, code] pairs"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('reason_codes', 'segments')(checks)) }}
{%- endmacro %}

{% macro duckdb__reason_codes(checks) -%}
    list_filter([
        {%- for check in checks %}
        case when {{ check[0] }} then '{{ check[1] }}' end
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ], lambda reason: reason is not null)
{%- endmacro %}
