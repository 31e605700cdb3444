{#
    The DuckDB table function that reads one raw file (see `raw_file_of`).
    CSV: header row, every column as text, empty fields as NULL, short rows
    padded with NULL, newlines allowed inside quoted fields. `parallel =
    false`: DuckDB's parallel CSV scanner cannot combine null padding with
    quoted newlines (it stops with an error); the single-threaded scan also
    keeps rows in file order for `source_row_number`. Use Parquet for large
    inputs. Parquet: typed columns, with `file_row_number`.
#}
{% macro raw_reader_sql(raw_file) -%}
    {%- if raw_file.format == 'csv' -%}
        read_csv({{ sql_string(raw_file.path) }}, header = true,
            all_varchar = true, delim = ',', quote = '"', escape = '"',
            null_padding = true, parallel = false, encoding = 'utf-8')
    {%- else -%}
        read_parquet({{ sql_string(raw_file.path) }}, file_row_number = true)
    {%- endif -%}
{%- endmacro %}
