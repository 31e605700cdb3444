{#
    The warehouse time zone (dbt var `warehouse_time_zone`, default UTC): every
    timestamp with an offset (text `+02:00`, `Z`, Parquet timestamptz) is
    converted to this zone and stored without one; a timestamp without an
    offset is taken to be in this zone already. Returns the zone name (an IANA
    name such as `Europe/Berlin`); the on-run-start hook checks that the
    engine knows it.
#}
{% macro warehouse_time_zone() -%}
    {{- return(checked_var('warehouse_time_zone')) -}}
{%- endmacro %}
