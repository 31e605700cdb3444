{#
    The directory that holds the raw files (`<table>.csv` / `<table>.parquet`).
    Precedence: dbt var `raw_path`, then env var SEGMENTS_RAW_PATH, then the
    demo data shipped in `data/demo`. A relative path is relative to the
    directory dbt runs in (the project root).
#}
{% macro raw_path() -%}
    {%- set chosen = var('raw_path', '') or env_var('SEGMENTS_RAW_PATH', '')
        or 'data/demo' -%}
    {{- return((chosen | string | trim).rstrip('/') or '/') -}}
{%- endmacro %}
