{#
    on-run-start / on-run-end hook: records in `meta.build_status` (one row,
    never published) whether the last dbt command that writes models left a
    complete, passing warehouse: `state` is `running` from the start of the
    command, then `passed` or `failed` at its end (a run killed half-way stays
    `running`); `command` is build, run, seed or snapshot; `is_selection`
    says whether the command left out a model, seed, snapshot or data test
    of the project (--select, --exclude, --selector). Unit tests may be left
    out (selector `nightly`): they check the code, not the data. The publish
    step publishes only a `passed`, whole `build` (unless forced).
    `results`: dbt's results, passed by on-run-end only.
#}
{% macro record_build_status(results=none) -%}
    {%- if not execute or flags.WHICH not in ['build', 'run', 'seed', 'snapshot'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- if results is none -%}
        {%- set state = 'running' -%}
    {%- else -%}
        {%- set failed = results
            | selectattr('status', 'in', ['error', 'fail', 'skipped', 'runtime error'])
            | list -%}
        {%- set state = 'failed' if failed else 'passed' -%}
    {%- endif -%}
    {%- set left_out = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type in ['model', 'seed', 'snapshot', 'test']
        and node.unique_id not in selected_resources -%}
        {%- do left_out.append(node.unique_id) -%}
    {%- endfor -%}
    {#- One statement per query and no `create or replace table`: both are
        DuckDB-only (Spark runs one statement at a time and replaces only
        v2 tables). -#}
    {%- do run_query('create schema if not exists meta') -%}
    {%- do run_query('drop table if exists meta.build_status') -%}
    {%- do run_query(
        'create table meta.build_status as select '
        ~ sql_string(flags.WHICH) ~ ' as command, '
        ~ sql_string(state) ~ ' as state, '
        ~ ('true' if left_out else 'false') ~ ' as is_selection, '
        ~ sql_string(invocation_id) ~ ' as invocation_id'
    ) -%}
    {{ return('') }}
{%- endmacro %}
