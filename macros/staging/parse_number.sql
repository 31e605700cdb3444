{#
    `column` (text) as decimal(18, `scale`), or NULL when empty or unparseable
    (e.g. `abc`, `1,5`, `1_000`) or beyond the type's range (|x| >= 10^(18 - scale)).
    `scale`: decimals kept (default 4, rounded). Never raises on bad text
    (DuckDB: try_cast, see parse_timestamp).
#}
{% macro parse_number(column, scale=4) -%}
    {%- if scale is not number or scale < 0 or scale > 10 -%}
        {{ exceptions.raise_compiler_error(
            "parse_number: scale must be a whole number from 0 to 10, got "
            ~ scale
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('parse_number', 'segments')(column, scale)) }}
{%- endmacro %}

{% macro default__parse_number(column, scale) -%}
    {{ dbt.safe_cast(clean_text(column), 'decimal(18, ' ~ scale ~ ')') }}
{%- endmacro %}

{% macro duckdb__parse_number(column, scale) -%}
    {#- DuckDB's cast reads `1_000` as 1000; an export never means that. -#}
    case
        when not contains({{ clean_text(column) }}, '_')
            then try_cast({{ clean_text(column) }} as decimal(18, {{ scale }}))
    end
{%- endmacro %}
