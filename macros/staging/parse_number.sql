{#
    `column` (text) as decimal(18, 4), or NULL when empty or unparseable
    (e.g. `abc`, `1,5`). `scale`: decimals kept (default 4, rounded).
#}
{% macro parse_number(column, scale=4) -%}
    {%- if scale is not number or scale < 0 or scale > 10 -%}
        {{ exceptions.raise_compiler_error(
            "parse_number: scale must be a whole number from 0 to 10, got "
            ~ scale
        ) }}
    {%- endif -%}
    {{ dbt.safe_cast(clean_text(column), 'decimal(18, ' ~ scale ~ ')') }}
{%- endmacro %}
