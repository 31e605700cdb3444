{#
    The select of a point-in-time step: every row of the CTE `relation`
    once per date of the CTE `int_as_of_dates` on or after the row's
    `date_column`, with that date as `as_of_date`. Aggregating its rows by
    as_of_date gives each date's figures from only the data known on it.
#}
{% macro rows_up_to_each_date(relation, date_column) -%}
    select
        {{ relation }}.*,
        int_as_of_dates.as_of_date
    from {{ relation }}
    inner join int_as_of_dates
        on {{ relation }}.{{ date_column }} <= int_as_of_dates.as_of_date
{%- endmacro %}
