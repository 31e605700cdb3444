{#
    SQL for a post-hook of an incremental Python model: drops the staging
    tables `<relation>__dbt_tmp<timestamp>` that the incremental
    materialisation leaves in the model's schema on DuckDB (a Python model
    cannot write a temporary table, so dbt-duckdb writes a real one and does
    not drop it). Left there, they would be published with the marts. The
    drops run when the hook is rendered, after the rows were appended; the
    hook's own statement is a no-op.
#}
{% macro drop_leftover_temp_tables(relation) -%}
    {{ return(adapter.dispatch('drop_leftover_temp_tables', 'segments')(relation)) }}
{%- endmacro %}

{% macro default__drop_leftover_temp_tables(relation) -%}
    select 1 as no_leftover_tables
{%- endmacro %}

{% macro duckdb__drop_leftover_temp_tables(relation) -%}
    {%- if execute -%}
        {%- set leftovers = run_query(
            "select table_name from information_schema.tables"
            ~ " where table_catalog = " ~ sql_string(relation.database)
            ~ " and table_schema = " ~ sql_string(relation.schema)
            ~ " and starts_with(table_name, "
            ~ sql_string(relation.identifier ~ '__dbt_tmp') ~ ")"
        ).columns[0].values() -%}
        {%- for name in leftovers -%}
            {%- do run_query(
                'drop table if exists "' ~ relation.database ~ '"."'
                ~ relation.schema ~ '"."' ~ name ~ '"'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    select 1 as no_leftover_tables
{%- endmacro %}
