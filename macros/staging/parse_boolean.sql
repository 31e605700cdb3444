{#
    `column` (text) as a boolean: `true`/`1`/`yes` are true, `false`/`0`/`no`
    are false (trimmed, any case); empty is NULL and so is anything else (the
    caller flags non-empty NULLs as `bad_boolean`). Standard SQL.
#}
{% macro parse_boolean(column) -%}
    case
        when lower({{ clean_text(column) }}) in ('true', '1', 'yes') then true
        when lower({{ clean_text(column) }}) in ('false', '0', 'no') then false
    end
{%- endmacro %}
