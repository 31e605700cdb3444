{#
    `column` (text) as a timestamp, or NULL when it is empty or unparseable.
    Accepts the contract's ISO 8601 forms: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`
    (also with `T` and fractional seconds) and, on DuckDB and Spark, a time
    followed by an offset (`+02:00`, `+0200`, `+02`, `Z`): such a value is converted to
    the warehouse zone (`warehouse_time_zone()`); a value without an offset
    is taken as it is (already in that zone). The result never carries a
    zone. Never raises on bad text: dbt's `safe_cast` is a plain (raising)
    cast on DuckDB, so DuckDB uses try_cast.
#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'segments')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    {{ dbt.safe_cast(clean_text(column), api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(column) -%}
    {%- set text = clean_text(column) -%}
    case
        when regexp_matches(
            {{ text }}, '\d:\d\d(:\d\d(\.\d+)?)? ?(Z|z|[+-]\d\d(:?\d\d)?)$'
        )
            then timezone(
                {{ sql_string(warehouse_time_zone()) }},
                try_cast({{ text }} as timestamptz)
            )
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}

{#- Spark: DuckDB reads an offset written right after the time (`Z`,
    `+hh`, `+hhmm`, `+hh:mm`), the seconds optional, and nothing else in
    that position (a space before the offset, a lowercase `z`: NULL), which
    Spark's cast does not match (it reads a space and no `+hhmm`, and needs
    the seconds). So the offset is rewritten as +hh:mm and missing seconds
    as `:00`, the other spellings DuckDB gives up on are NULL, and the
    instant is converted from UTC (the session zone, see profiles.yml) to
    the warehouse zone. -#}
{% macro spark__parse_timestamp(column) -%}
    {%- set text = clean_text(column) -%}
    {%- set time = '\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?' -%}
    {%- set offset = '(Z|[+-]\\d\\d(:?\\d\\d)?)$' -%}
    case
        when {{ text }} rlike {{ sql_string(time ~ offset) }}
            then from_utc_timestamp(
                try_cast(regexp_replace(regexp_replace(regexp_replace(
                    regexp_replace({{ text }}, 'Z$', '+00:00'),
                    '([+-][0-9][0-9]):?([0-9][0-9])$', '$1:$2'),
                    '([+-][0-9][0-9])$', '$1:00'),
                    '([ T][0-9]?[0-9]:[0-9][0-9])([+-])', '$1:00$2')
                    as timestamp),
                {{ sql_string(warehouse_time_zone()) }}
            )
        when {{ text }} rlike {{ sql_string(time ~ ' ?(Z|z|[+-]\\d\\d(:?\\d\\d)?)$') }}
            then null
        else try_cast({{ text }} as timestamp)
    end
{%- endmacro %}
