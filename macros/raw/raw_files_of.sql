{#
    The files that hold raw table `table_name` in `raw_dir`, as a list of
    dicts {path, format, key} sorted by key (empty when there is none):
    either the one file `<table_name>.csv|parquet` or the CSV and Parquet
    files under the folder `<table_name>/` (a batch per file, any depth;
    names starting with `_` or `.` are skipped, as Spark and Hive write
    `_SUCCESS` markers). `format` is `csv` or `parquet`; `key` is the path
    relative to `raw_dir`, the stable name of the file that raw rows carry
    as `source_file`. Raises when a table has both a file and a folder,
    more than one file, or a file of another kind.
#}
{% macro raw_files_of(table_name, raw_dir) -%}
    {%- set readable = [] -%}
    {%- set other = [] -%}
    {%- set single = [] -%}
    {%- for file in raw_files_named(table_name, raw_dir) -%}
        {%- set key = file[raw_dir | length + 1:] if file.startswith(raw_dir ~ '/')
            else file -%}
        {%- set name = key.split('/')[-1] -%}
        {%- set extension = name.split('.')[-1] | lower -%}
        {%- if '/' in key and name[:1] in ['_', '.'] -%}
            {#- a marker file of the writer, no data -#}
        {%- elif extension in ['csv', 'parquet'] -%}
            {%- do readable.append({'path': file, 'format': extension, 'key': key}) -%}
            {%- if '/' not in key -%}{%- do single.append(key) -%}{%- endif -%}
        {%- else -%}
            {%- do other.append(file) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if other -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ (other | join(', ')) ~ " is not CSV or Parquet: "
            ~ "save raw table '" ~ table_name ~ "' as " ~ table_name
            ~ ".csv, " ~ table_name ~ ".parquet or a folder " ~ table_name
            ~ "/ of .csv / .parquet files."
        ) }}
    {%- elif single and readable | length > 1 -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' has more than one file: "
            ~ (readable | map(attribute='key') | join(', '))
            ~ ". Keep exactly one of " ~ table_name ~ ".csv, "
            ~ table_name ~ ".parquet or a folder " ~ table_name
            ~ "/ of batch files."
        ) }}
    {%- endif -%}
    {{- return(readable | sort(attribute='key')) -}}
{%- endmacro %}
