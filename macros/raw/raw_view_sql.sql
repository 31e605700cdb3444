{#
    `create or replace view raw.<table>` for one source table node: the
    contract's columns (from the source YAML, in its order) as text, plus
    `source_row_number`. Columns flagged `meta: {required: true}` must be in the
    file; other absent columns are NULL. Extra columns in the file are ignored.
#}
{% macro raw_view_sql(source_node, raw_dir) -%}
    {%- set table_name = source_node.name -%}
    {%- set relation = 'raw.' ~ adapter.quote(table_name) -%}
    {%- set columns = source_node.columns.values() | list -%}
    {%- set raw_file = raw_file_of(table_name, raw_dir) -%}
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
            ~ 'cast(null as bigint) as source_row_number'
            ~ raw_column_list(columns, [])
            ~ ' where false'
        ) -}}
    {%- endif -%}
    {%- set reader = raw_reader_sql(raw_file) -%}
    {%- set present = run_query('describe select * from ' ~ reader)
        .columns[0].values() | list -%}
    {%- set missing = [] -%}
    {%- for column in columns
            if column.meta.get('required', false)
            and column.name not in present -%}
        {%- do missing.append(column.name) -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Raw file " ~ raw_file.path ~ " is missing required column(s): "
            ~ (missing | join(', ')) ~ ". Its header has: "
            ~ (present | join(', ')) ~ ". See docs/data-contract.md."
        ) }}
    {%- endif -%}
    {%- set row_number = 'file_row_number + 1' if raw_file.format == 'parquet'
        else 'row_number() over ()' -%}
    {{- return(
        'create or replace view ' ~ relation ~ ' as select '
        ~ 'cast(' ~ row_number ~ ' as bigint) as source_row_number'
        ~ raw_column_list(columns, present)
        ~ ' from ' ~ reader
    ) -}}
{%- endmacro %}
