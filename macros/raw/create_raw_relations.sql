{#
    Drop schema `raw` and create `raw.<table>` for every table of the `shop`
    source over `raw_dir` (`raw_view_sql`); a required table without data
    rows stops the run with an error naming its file. Called by
    `register_raw_sources` after the engine's own checks.
#}
{% macro create_raw_relations(raw_dir) -%}
    {#- Recreated whole: a table may have been a CSV table and become a
        Parquet view (or the reverse) since the last run. -#}
    {%- do run_query('drop schema if exists raw cascade') -%}
    {%- do run_query('create schema raw') -%}
    {%- for source_node in graph.sources.values()
            | selectattr('source_name', 'equalto', 'shop')
            | sort(attribute='name') -%}
        {%- for statement in raw_view_sql(source_node, raw_dir) -%}
            {%- do run_query(statement) -%}
        {%- endfor -%}
        {%- if source_node.meta.get('required', false) -%}
            {%- set rows = run_query(
                'select count(*) from raw.' ~ adapter.quote(source_node.name)
            ).columns[0].values()[0] -%}
            {%- if rows == 0 -%}
                {{ exceptions.raise_compiler_error(
                    "Raw table '" ~ source_node.name ~ "' ("
                    ~ (raw_files_of(source_node.name, raw_dir)
                        | map(attribute='path') | join(', '))
                    ~ ") holds no data rows (only a header): the input is empty,"
                    ~ " so there is nothing to build."
                ) }}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
