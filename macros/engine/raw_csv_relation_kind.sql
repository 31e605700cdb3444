{#
    What `raw.<table>` is for a CSV raw file: `table` or `view`. DuckDB: a
    table, so that the file is read and split into records once per run.
    Spark: a view, over records the landing step already wrote as Parquet.
#}
{% macro raw_csv_relation_kind() -%}
    {{ return(adapter.dispatch('raw_csv_relation_kind', 'segments')()) }}
{%- endmacro %}

{% macro default__raw_csv_relation_kind() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro spark__raw_csv_relation_kind() -%}
    {{ return('view') }}
{%- endmacro %}
