{#
    The one file that holds raw table `table_name` in `raw_dir`, as a dict
    {path, format} (format `csv` or `parquet`), or none when there is none.
    Raises when the table's only file has another extension or when both a
    CSV and a Parquet file exist.
#}
{% macro raw_file_of(table_name, raw_dir) -%}
    {%- set files = raw_files_named(table_name, raw_dir) -%}
    {%- set readable = [] -%}
    {%- set other = [] -%}
    {%- for file in files -%}
        {%- set extension = file.split('.')[-1] | lower -%}
        {%- if extension in ['csv', 'parquet'] -%}
            {%- do readable.append({'path': file, 'format': extension}) -%}
        {%- else -%}
            {%- do other.append(file) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if readable | length > 1 -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' has more than one file: "
            ~ (readable | map(attribute='path') | join(', '))
            ~ ". Keep exactly one of " ~ table_name ~ ".csv or "
            ~ table_name ~ ".parquet."
        ) }}
    {%- elif readable | length == 0 and other | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ (other | join(', ')) ~ " is not CSV or Parquet: "
            ~ "save raw table '" ~ table_name ~ "' as " ~ table_name
            ~ ".csv or " ~ table_name ~ ".parquet."
        ) }}
    {%- endif -%}
    {{- return(readable[0] if readable else none) -}}
{%- endmacro %}
