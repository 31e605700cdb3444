{#
    A select statement with one row and one column, `cutoff_at`: the latest
    acceptable timestamp of `column` (a parsed timestamp) in `relation`;
    later ones are quarantined as `future_timestamp`. It is relative to the
    load or the data, never to today's date, so runs are reproducible:
    - dbt var `load_date` (YYYY-MM-DD, the day the export was taken) when set:
      the end of that day. Each batch of an incremental load has its own
      load date, so this rule gives the same answer in one batch or many;
      set it for real loads.
    - otherwise the end of the bulk of the data plus var
      `future_tolerance_days` days. The bulk runs from the median
      timestamp up to the first gap of more than `future_tolerance_days`
      days between consecutive dates that hold data (or to the last date when
      there is no such gap). Future-dated rows from a clock bug sit beyond
      such a gap, and they cannot move the median unless they are half the
      table, so they cannot swamp the rule (a percentile would follow them).
#}
{% macro future_cutoff_sql(relation, column) -%}
    {%- set load_date = checked_var('load_date') -%}
    {%- set tolerance = checked_var('future_tolerance_days') -%}
    {%- if load_date -%}
        select {{ dbt.dateadd('day', 1, "cast('" ~ load_date ~ "' as timestamp)") }}
            as cutoff_at
    {%- else -%}
        {%- set day = 'cast(' ~ column ~ ' as date)' -%}
        {%- set gap = dbt.datediff('gaps.previous_day', 'gaps.data_day', 'day') -%}
        select
            {{ dbt.dateadd('day', tolerance + 1,
                'cast(coalesce(min(case when gaps.data_day > median.median_day'
                ~ ' and ' ~ gap ~ ' > ' ~ tolerance
                ~ ' then gaps.previous_day end), max(gaps.data_day))'
                ~ ' as timestamp)') }} as cutoff_at
        from (
            select
                data_day,
                lag(data_day) over (order by data_day) as previous_day
            from (
                select distinct {{ day }} as data_day
                from {{ relation }}
                where {{ column }} is not null
            ) as data_days
        ) as gaps
        cross join (
            select
                cast({{ timestamp_percentile_disc(0.5, column) }}
                    as date) as median_day
            from {{ relation }}
        ) as median
    {%- endif -%}
{%- endmacro %}
