{#
    The statement that creates `raw.<table>` for one source table node: the
    contract's columns (from the source YAML, in its order) as text, plus
    `source_row_number`, `source_line_number` and `source_record_error` (see
    `raw_reader_sql`). Header names match the contract's case-insensitively,
    ignoring surrounding spaces (`raw_header_map`). Columns flagged `meta:
    {required: true}` must be in the file; other absent columns are NULL.
    Extra columns in the file are ignored. Parquet: a view over the file.
    CSV: `raw_csv_relation_kind()` (DuckDB: a table, so that the file is read
    and split into records once per run and every model reading the source
    sees the same records).
#}
{% macro raw_view_sql(source_node, raw_dir) -%}
    {%- set table_name = source_node.name -%}
    {%- set relation = 'raw.' ~ adapter.quote(table_name) -%}
    {%- set columns = source_node.columns.values() | list -%}
    {%- set raw_file = raw_file_of(table_name, raw_dir) -%}
    {%- set fixed_columns = 'source_row_number, source_line_number, '
        ~ 'source_record_error' -%}
    {%- if raw_file is none -%}
        {%- if source_node.meta.get('required', false) -%}
            {{ exceptions.raise_compiler_error(
                "Required raw table '" ~ table_name ~ "' not found: put "
                ~ table_name ~ ".csv or " ~ table_name ~ ".parquet in '"
                ~ raw_dir ~ "' (see docs/data-contract.md)."
            ) }}
        {%- endif -%}
        {{- return(
            'create or replace view ' ~ relation ~ ' as select '
            ~ 'cast(null as bigint) as source_row_number, '
            ~ 'cast(null as bigint) as source_line_number, '
            ~ 'cast(null as string) as source_record_error'
            ~ raw_column_list(columns, {}, 'csv')
            ~ ' where false'
        ) -}}
    {%- endif -%}
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
    {%- set kind = raw_csv_relation_kind() if raw_file.format == 'csv'
        else 'view' -%}
    {{- return(
        'create or replace ' ~ kind ~ ' ' ~ relation ~ ' as select '
        ~ fixed_columns
        ~ raw_column_list(columns, header, raw_file.format)
        ~ ' from (' ~ raw_reader_sql(raw_file, header) ~ ') as raw_records'
    ) -}}
{%- endmacro %}
