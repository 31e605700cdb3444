{#
    An array (text[]) of the reason codes whose condition holds, in the order
    given. `checks`: a list of [condition_sql, reason_code] pairs. An empty list
    means the row is clean. `source_table` (optional): the raw table; every code
    must then be one of its documented codes (`cleaning_reason_codes()`).
    `malformed_record` excludes every other code: a malformed raw record has
    no values to judge, so its list is just ['malformed_record'].
#}
{% macro reason_codes(checks, source_table=none) -%}
    {%- if checks is string or checks | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "reason_codes: pass a non-empty list of [condition, code] pairs"
        ) }}
    {%- endif -%}
    {%- if source_table is not none -%}
        {%- set documented = cleaning_reason_codes().get(source_table) -%}
        {%- if documented is none -%}
            {{ exceptions.raise_compiler_error(
                "reason_codes: unknown source_table '" ~ source_table
                ~ "'; pass one of " ~ (cleaning_reason_codes().keys() | join(', '))
            ) }}
        {%- endif -%}
        {%- for check in checks if check[1] not in documented -%}
            {{ exceptions.raise_compiler_error(
                "reason_codes: '" ~ check[1] ~ "' is not a documented reason code of "
                ~ source_table ~ "; add it to cleaning_reason_codes() and the docs "
                ~ "block quarantine_reason_codes, or use one of "
                ~ (documented | join(', '))
            ) }}
        {%- endfor -%}
    {%- endif -%}
    {%- set malformed = checks | selectattr(1, 'equalto', 'malformed_record')
        | list -%}
    {%- set others = checks | rejectattr(1, 'equalto', 'malformed_record')
        | list -%}
    {%- if malformed and others -%}
        case
            when {{ malformed[0][0] }} then {{ text_array(["'malformed_record'"]) }}
            else {{ adapter.dispatch('reason_codes', 'segments')(others) }}
        end
    {%- else -%}
        {{ return(adapter.dispatch('reason_codes', 'segments')(checks)) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__reason_codes(checks) -%}
    list_filter([
        {%- for check in checks %}
        case when {{ check[0] }} then '{{ check[1] }}' end
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ], lambda reason: reason is not null)
{%- endmacro %}

{% macro spark__reason_codes(checks) -%}
    filter(array(
        {%- for check in checks %}
        case when {{ check[0] }} then '{{ check[1] }}' end
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ), reason -> reason is not null)
{%- endmacro %}
