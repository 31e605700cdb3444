{#
    on-run-start hook: (re)create one view `raw.<table>` per table of the `shop`
    source over the raw directory (see `raw_path()`), so that every model reads
    raw data through `source('shop', ...)` whatever the directory holds.

    Every column is exposed as text (nothing is lost before staging decides what
    is valid), plus `source_file` (the file's path relative to the raw
    directory: a table may be one file or a folder of batch files) and
    `source_row_number`: the 1-based position of the data row in its file.
    DuckDB then drops the incremental staging tables whose loaded files have
    changed (`drop_stale_raw_loads`). A missing optional file becomes an
    empty view with the contract's columns; a missing required file, a
    missing required column, a file that is neither CSV nor Parquet, a file
    and a folder for one table, or a required table without data rows stop
    the run with an error that names the file.
#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources', 'segments')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
    {{ exceptions.raise_compiler_error(
        "Reading raw files is implemented for DuckDB and Spark only (adapter '"
        ~ adapter.type() ~ "'). Add a " ~ adapter.type()
        ~ "__register_raw_sources macro or load raw tables into schema 'raw'."
    ) }}
{%- endmacro %}

{% macro duckdb__register_raw_sources() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set raw_dir = raw_path() -%}
    {%- set found = run_query(
        "select count(*) from glob(" ~ sql_string(glob_escape(raw_dir) ~ '/**') ~ ")"
    ).columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ exceptions.raise_compiler_error(
            "Raw data directory '" ~ raw_dir ~ "' does not exist or is empty. "
            ~ "Pass an existing directory with --vars '{raw_path: /path}' or "
            ~ "SEGMENTS_RAW_PATH (see docs/data-contract.md)."
        ) }}
    {%- endif -%}
    {%- set zone_known = run_query(
        "select count(*) from pg_timezone_names() where name = "
        ~ sql_string(warehouse_time_zone())
    ).columns[0].values()[0] -%}
    {%- if zone_known == 0 -%}
        {{ exceptions.raise_compiler_error(
            "var warehouse_time_zone: unknown time zone '" ~ warehouse_time_zone()
            ~ "'; use an IANA name such as UTC or Europe/Berlin."
        ) }}
    {%- endif -%}
    {%- do create_raw_relations(raw_dir) -%}
    {%- do drop_stale_raw_loads(raw_dir) -%}
    {{- return('') -}}
{%- endmacro %}

{#- Spark: the raw directory must have been landed (segwarehouse.spark_raw,
    run by `make run-spark`) with the same directory. The time zone is
    known when Java's ZoneId reads it back under the same name (try_reflect
    gives NULL for an unknown one) and it is a name, not an offset such as
    `+01:00`, which ZoneId reads but DuckDB's zone list does not hold. -#}
{% macro spark__register_raw_sources() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set raw_dir = raw_path() -%}
    {%- set landed = run_query(
        "select count(*) from raw_landing.files where path like "
        ~ sql_string(raw_dir ~ '/%')
    ).columns[0].values()[0] if adapter.get_relation(
        database=none, schema='raw_landing', identifier='files'
    ) else 0 -%}
    {%- if landed == 0 -%}
        {{ exceptions.raise_compiler_error(
            "Raw data directory '" ~ raw_dir ~ "' has not been landed for Spark: "
            ~ "build with `make run-spark` (python -m segwarehouse.spark_build), "
            ~ "which reads the raw files before dbt runs (docs/spark.md)."
        ) }}
    {%- endif -%}
    {%- set zone_known = run_query(
        "select coalesce(try_reflect('java.time.ZoneId', 'of', "
        ~ sql_string(warehouse_time_zone()) ~ ") = "
        ~ sql_string(warehouse_time_zone()) ~ " and "
        ~ sql_string(warehouse_time_zone())
        ~ " rlike '^[A-Za-z][A-Za-z0-9_/+-]*$', false)"
    ).columns[0].values()[0] -%}
    {%- if not zone_known -%}
        {{ exceptions.raise_compiler_error(
            "var warehouse_time_zone: unknown time zone '" ~ warehouse_time_zone()
            ~ "'; use an IANA name such as UTC or Europe/Berlin."
        ) }}
    {%- endif -%}
    {%- do create_raw_relations(raw_dir) -%}
    {{- return('') -}}
{%- endmacro %}
