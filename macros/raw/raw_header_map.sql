{#
    The header of one raw file (see `raw_file_of`) as a dict {contract name:
    position and name as written}: names are matched to the contract's
    case-insensitively and with surrounding spaces ignored (`" Quantity"` is
    `quantity`). Two header names that fold to the same name stop the run
    with an error naming the file. CSV headers come from
    `segments_csv_header` (dbt-duckdb plugin `segwarehouse.dbt_plugin`),
    Parquet ones from `describe`.
#}
{% macro raw_header_map(raw_file) -%}
    {%- if raw_file.format == 'csv' -%}
        {%- set names = run_query(
            'select unnest(segments_csv_header(' ~ sql_string(raw_file.path) ~ '))'
        ).columns[0].values() | list -%}
    {%- else -%}
        {%- set names = run_query(
            'describe select * from read_parquet(' ~ sql_string(raw_file.path) ~ ')'
        ).columns[0].values() | list -%}
    {%- endif -%}
    {%- set header = {} -%}
    {%- for name in names -%}
        {%- set folded = (name or '') | trim | lower -%}
        {%- if folded in header -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ raw_file.path ~ " has two columns that both read as '"
                ~ folded ~ "' (names match case-insensitively, ignoring spaces): '"
                ~ header[folded].name ~ "' and '" ~ name ~ "'. Keep one of them."
            ) }}
        {%- endif -%}
        {%- do header.update({folded: {'position': loop.index, 'name': name}}) -%}
    {%- endfor -%}
    {{- return(header) -}}
{%- endmacro %}
