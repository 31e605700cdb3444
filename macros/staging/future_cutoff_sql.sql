{#
    Aggregate SQL for the latest acceptable timestamp of `column` (a parsed
    timestamp): later ones are quarantined as `future_timestamp`. Always an
    aggregate (one row per table, also when var load_date is set), so models
    can cross join it. It is relative to the data, never to today's date, so
    runs are reproducible:
    - dbt var `load_date` (YYYY-MM-DD, the day the export was taken) when set:
      the end of that day;
    - otherwise the 99th percentile of the column plus var
      `future_tolerance_days` days (default 30): a planted 2031 timestamp in
      2023-2024 data is caught, a shop's last busy weeks are not.
#}
{% macro future_cutoff_sql(column) -%}
    {%- set load_date = var('load_date', '') -%}
    {%- set tolerance = var('future_tolerance_days', 30) -%}
    {%- if load_date -%}
        {%- if not modules.re.match('^\\d{4}-\\d{2}-\\d{2}$', load_date | string) -%}
            {{ exceptions.raise_compiler_error(
                "var load_date must be a date YYYY-MM-DD, got '" ~ load_date ~ "'"
            ) }}
        {%- endif -%}
        max({{ dbt.dateadd('day', 1, "cast('" ~ load_date ~ "' as timestamp)") }})
    {%- else -%}
        {%- if tolerance is not number or tolerance < 0 -%}
            {{ exceptions.raise_compiler_error(
                "var future_tolerance_days must be a number of days >= 0, got "
                ~ tolerance
            ) }}
        {%- endif -%}
        {{ dbt.dateadd('day', tolerance,
            'percentile_disc(0.99) within group (order by ' ~ column ~ ')') }}
    {%- endif -%}
{%- endmacro %}
