{#
    The column names of one raw file (`{path, format}`, see `raw_files_of`),
    as written, in file order. DuckDB: `segments_csv_header` (dbt-duckdb
    plugin) for CSV, `describe` for Parquet. Spark: the header the landing
    step recorded in `raw_landing.files` (segwarehouse.spark_raw).
#}
{% macro raw_file_header(raw_file) -%}
    {{ return(adapter.dispatch('raw_file_header', 'segments')(raw_file)) }}
{%- endmacro %}

{% macro default__raw_file_header(raw_file) -%}
    {{ exceptions.raise_compiler_error(
        "Reading raw file headers is implemented for DuckDB and Spark only "
        ~ "(adapter '" ~ adapter.type() ~ "'). Add a " ~ adapter.type()
        ~ "__raw_file_header macro."
    ) }}
{%- endmacro %}

{% macro duckdb__raw_file_header(raw_file) -%}
    {%- if raw_file.format == 'csv' -%}
        {%- set query = 'select unnest(segments_csv_header('
            ~ sql_string(raw_file.path) ~ '))' -%}
    {%- else -%}
        {%- set query = 'describe select * from read_parquet('
            ~ sql_string(raw_file.path) ~ ', hive_partitioning = false)' -%}
    {%- endif -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}

{% macro spark__raw_file_header(raw_file) -%}
    {{ return(run_query(
        "select explode(header) from raw_landing.files where path = "
        ~ sql_string(raw_file.path)
    ).columns[0].values() | list) }}
{%- endmacro %}
