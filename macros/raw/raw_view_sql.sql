{#
    The statements that create `raw.<table>` for one source table node (a
    list, run in order; see `raw_relation_statements`): the
    contract's columns (from the source YAML, in its order) as text, plus
    `source_file` (the file's key, its path relative to the raw directory),
    `source_file_stamp` (`raw_file_stamps`: changes when the file does),
    `source_row_number`, `source_line_number` and `source_record_error` (see
    `raw_reader_sql`; positions within the file). A table may be one file or
    a folder of batch files (`raw_files_of`): every file is read on its own,
    with its own header check, and the files are stacked (union all) in key
    order. Header names match the contract's case-insensitively, ignoring
    surrounding spaces (`raw_header_map`). Columns flagged `meta: {required:
    true}` must be in every file; other absent columns are NULL. Extra
    columns in a file are ignored. One CSV file: `raw_csv_relation_kind()`
    (DuckDB: a table, so that the file is read and split into records once
    per run and every model reading the source sees the same records). A
    folder or Parquet: a view, so that a model reading only some files
    (the incremental staging models) reads only those.
#}
{% macro raw_view_sql(source_node, raw_dir) -%}
    {%- set table_name = source_node.name -%}
    {%- set relation = 'raw.' ~ adapter.quote(table_name) -%}
    {%- set columns = source_node.columns.values() | list -%}
    {%- set raw_files = raw_files_of(table_name, raw_dir) -%}
    {%- set fixed_columns = 'source_row_number, source_line_number, '
        ~ 'source_record_error' -%}
    {%- if not raw_files -%}
        {%- if source_node.meta.get('required', false) -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ table_name ~ "' not found: put "
                ~ table_name ~ ".csv, " ~ table_name ~ ".parquet or a folder "
                ~ table_name ~ "/ of such files in '" ~ raw_dir
                ~ "' (see docs/data-contract.md)."
            ) }}
        {%- endif -%}
        {{- return([
            'create or replace view ' ~ relation ~ ' as select '
            ~ 'cast(null as string) as source_file, '
            ~ 'cast(null as string) as source_file_stamp, '
            ~ 'cast(null as bigint) as source_row_number, '
            ~ 'cast(null as bigint) as source_line_number, '
            ~ 'cast(null as string) as source_record_error'
            ~ raw_column_list(columns, {}, 'csv')
            ~ ' where false'
        ]) -}}
    {%- endif -%}
    {%- set stamps = raw_file_stamps(raw_files) -%}
    {%- set selects = [] -%}
    {%- for raw_file in raw_files -%}
        {%- set header = raw_header_map(raw_file) -%}
        {%- set missing = [] -%}
        {%- for column in columns
                if column.meta.get('required', false)
                and column.name not in header -%}
            {%- do missing.append(column.name) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ raw_file.path ~ " is missing required column(s): "
                ~ (missing | join(', ')) ~ ". Its header has: "
                ~ (header.values() | map(attribute='name') | join(', '))
                ~ ". See docs/data-contract.md."
            ) }}
        {%- endif -%}
        {%- do selects.append(
            'select ' ~ sql_string(raw_file.key) ~ ' as source_file, '
            ~ sql_string(stamps[raw_file.path]) ~ ' as source_file_stamp, '
            ~ fixed_columns
            ~ raw_column_list(columns, header, raw_file.format)
            ~ ' from (' ~ raw_reader_sql(raw_file, header) ~ ') as raw_records'
        ) -%}
    {%- endfor -%}
    {%- set kind = raw_csv_relation_kind()
        if raw_files | length == 1 and raw_files[0].format == 'csv'
            and '/' not in raw_files[0].key
        else 'view' -%}
    {{- return(raw_relation_statements(relation, kind, selects)) -}}
{%- endmacro %}
