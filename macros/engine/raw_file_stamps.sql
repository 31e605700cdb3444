{#
    A stamp per raw file that changes when the file is replaced or edited:
    {path: stamp text}, for `raw_files` (a list of `{path, format, key}`,
    see `raw_files_of`). The incremental staging models store the stamp of
    every file they loaded; a loaded file whose stamp is gone makes the next
    run rebuild them (`drop_stale_raw_loads`). DuckDB: path, size in bytes
    and modification time (`read_blob` without its content). Default: the
    path alone (a file edited in place then goes unnoticed).
#}
{% macro raw_file_stamps(raw_files) -%}
    {{ return(adapter.dispatch('raw_file_stamps', 'segments')(raw_files)) }}
{%- endmacro %}

{% macro default__raw_file_stamps(raw_files) -%}
    {%- set stamps = {} -%}
    {%- for raw_file in raw_files -%}
        {%- do stamps.update({raw_file.path: raw_file.path}) -%}
    {%- endfor -%}
    {{ return(stamps) }}
{%- endmacro %}

{% macro duckdb__raw_file_stamps(raw_files) -%}
    {%- set paths = [] -%}
    {%- for raw_file in raw_files -%}
        {%- do paths.append(sql_string(glob_escape(raw_file.path))) -%}
    {%- endfor -%}
    {%- set result = run_query(
        "select filename, filename || ' ' || size || ' ' || "
        ~ "strftime(last_modified, '%Y-%m-%dT%H:%M:%S.%f') "
        ~ "from read_blob([" ~ (paths | join(', ')) ~ "])"
    ) -%}
    {%- set stamps = {} -%}
    {%- for row in result.rows -%}
        {%- do stamps.update({row[0]: row[1]}) -%}
    {%- endfor -%}
    {{ return(stamps) }}
{%- endmacro %}
