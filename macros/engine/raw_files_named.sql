{#
    The paths of the raw files of table `table_name` in `raw_dir`, sorted:
    the files named `<table_name>.<any extension>` and every file under a
    folder `<table_name>/` (any depth, so hive-style `date=.../` folders
    work). DuckDB: `glob()` on the directory. Spark: the list the landing
    step wrote (`raw_landing.files`, see segwarehouse.spark_raw), since Spark
    SQL cannot list a directory.
#}
{% macro raw_files_named(table_name, raw_dir) -%}
    {{ return(adapter.dispatch('raw_files_named', 'segments')(table_name, raw_dir)) }}
{%- endmacro %}

{% macro default__raw_files_named(table_name, raw_dir) -%}
    {{ exceptions.raise_compiler_error(
        "Listing raw files is implemented for DuckDB and Spark only (adapter '"
        ~ adapter.type() ~ "'). Add a " ~ adapter.type()
        ~ "__raw_files_named macro or load raw tables into schema 'raw'."
    ) }}
{%- endmacro %}

{% macro duckdb__raw_files_named(table_name, raw_dir) -%}
    {%- set prefix = glob_escape(raw_dir) ~ '/' ~ glob_escape(table_name) -%}
    {{ return(run_query(
        "select file from glob(" ~ sql_string(prefix ~ '.*') ~ ")"
        ~ " union all select file from glob(" ~ sql_string(prefix ~ '/**') ~ ")"
        ~ " order by file"
    ).columns[0].values() | list) }}
{%- endmacro %}

{% macro spark__raw_files_named(table_name, raw_dir) -%}
    {%- set folder = raw_dir ~ '/' ~ table_name ~ '/' -%}
    {{ return(run_query(
        "select path from raw_landing.files where table_name = "
        ~ sql_string(table_name) ~ " and (path = concat("
        ~ sql_string(raw_dir ~ '/' ~ table_name ~ '.') ~ ", format)"
        ~ " or substring(path, 1, " ~ (folder | length) ~ ") = "
        ~ sql_string(folder) ~ ") order by path"
    ).columns[0].values() | list) }}
{%- endmacro %}
