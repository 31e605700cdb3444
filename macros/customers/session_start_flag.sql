{#
    SQL expression: 1 when an event starts a new session of its visitor,
    else 0. An event starts a session when it is the first of its partition
    (no earlier event by `order_by`) or comes more than `inactivity_minutes`
    minutes after the previous one; a gap of exactly `inactivity_minutes`
    stays in the session. Summed as a running total over the same window it
    numbers the visitor's sessions. Standard SQL (lag) and dbt.dateadd.
#}
{% macro session_start_flag(
    timestamp_column, partition_by, order_by, inactivity_minutes
) -%}
    {%- for argument in [timestamp_column, partition_by, order_by] -%}
        {%- if argument is not string or not argument | trim -%}
            {{ exceptions.raise_compiler_error(
                "session_start_flag: pass timestamp_column, partition_by and "
                ~ "order_by as SQL strings, e.g. session_start_flag("
                ~ "'occurred_at', 'visitor_key', 'occurred_at', 30); got '"
                ~ argument ~ "'"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if inactivity_minutes is not integer or inactivity_minutes < 1 -%}
        {{ exceptions.raise_compiler_error(
            "session_start_flag: inactivity_minutes must be a whole number "
            ~ "of minutes >= 1 (e.g. checked_var('session_inactivity_minutes'))"
            ~ "; got '" ~ inactivity_minutes ~ "'"
        ) }}
    {%- endif -%}
    {%- set previous = 'lag(' ~ timestamp_column ~ ') over (partition by '
        ~ partition_by ~ ' order by ' ~ order_by ~ ')' -%}
    case
        when {{ previous }} is null then 1
        when
            {{ timestamp_column }} > {{ dbt.dateadd(
                'minute', inactivity_minutes, previous
            ) }}
            then 1
        else 0
    end
{%- endmacro %}
