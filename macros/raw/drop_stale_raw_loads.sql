{#
    on-run-start step (after the raw relations are made): drops the table of
    every selected model tagged `raw_batches` (the incremental staging
    models that load raw files batch by batch, `raw_batch_sql`) when one of
    the files it loaded is gone or has changed since (its
    `source_file_stamp` is no longer among the raw files' stamps), or when
    the table predates the stamps. The model is then built from scratch in
    this run, as with --full-refresh: appending to rows from other files
    would mix two inputs. Each model names its raw table in `meta:
    {raw_table: ...}`.
#}
{% macro drop_stale_raw_loads(raw_dir) -%}
    {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and 'raw_batches' in node.tags
            and node.unique_id in selected_resources -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) -%}
        {%- if relation is not none -%}
            {%- set stored = adapter.get_columns_in_relation(relation)
                | map(attribute='name') | list -%}
            {%- set current = raw_file_stamps(
                raw_files_of(node.config.meta['raw_table'], raw_dir)
            ).values() | list -%}
            {%- set stale = [] -%}
            {%- if 'source_file_stamp' not in stored -%}
                {%- do stale.append('(no stamps)') -%}
            {%- else -%}
                {%- for stamp in run_query(
                    'select distinct source_file_stamp from ' ~ relation
                ).columns[0].values() if stamp not in current -%}
                    {%- do stale.append(stamp) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- if stale -%}
                {%- do log(
                    node.name ~ ": loaded raw file(s) changed or gone ("
                    ~ (stale[:3] | join(', ')) ~ "): rebuilt from scratch",
                    info=true
                ) -%}
                {#- Committed at once: the hooks' open transaction (begun by
                    the column lookup above) is rolled back after the last
                    on-run-start hook. drop_relation also clears dbt's cache. -#}
                {%- do adapter.drop_relation(relation) -%}
                {%- do adapter.commit() -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
