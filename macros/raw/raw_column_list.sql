{#
    `, <value> as <col>, ...` for the contract columns, as text: a column of
    the file's header (`raw_header_map`) from `fields[<position>]` (CSV
    records, empty text as NULL) or from its column as written (Parquet,
    typed values as text by `parquet_value_text`); an absent one as NULL.
#}
{% macro raw_column_list(columns, header, format) -%}
    {%- for column in columns -%}
        {%- set found = header.get(column.name) -%}
        {%- if found is none -%}
            , cast(null as string) as {{ adapter.quote(column.name) }}
        {%- elif format == 'csv' -%}
            , nullif({{ array_element('fields', found.position) }}, '') as {{ adapter.quote(column.name) }}
        {%- else -%}
            , {{ parquet_value_text(adapter.quote(found.name)) }} as {{ adapter.quote(column.name) }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
