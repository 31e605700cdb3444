{#
    The statements that create `relation` (`raw.<table>`, a `kind`: table
    or view) as the stack (union all) of `selects`, one query per raw file
    (see `raw_view_sql`), in order. Default: one statement.
#}
{% macro raw_relation_statements(relation, kind, selects) -%}
    {{ return(adapter.dispatch('raw_relation_statements', 'segments')(
        relation, kind, selects
    )) }}
{%- endmacro %}

{% macro default__raw_relation_statements(relation, kind, selects) -%}
    {{ return([
        'create or replace ' ~ kind ~ ' ' ~ relation ~ ' as '
        ~ (selects | join(' union all '))
    ]) }}
{%- endmacro %}

{#- Spark: the catalog (Derby) keeps a view's text in a column of at most
    32,700 characters, which a union over a few dozen files exceeds; so a
    table of several files is one view per file (`<relation>__file_<n>`,
    `n` from 1 in file order) and `relation` the union of those views. -#}
{% macro spark__raw_relation_statements(relation, kind, selects) -%}
    {%- if selects | length == 1 -%}
        {{ return(default__raw_relation_statements(relation, kind, selects)) }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- set parts = [] -%}
    {%- for select in selects -%}
        {%- set part = relation[:-1] ~ '__file_' ~ loop.index ~ relation[-1:] -%}
        {%- do statements.append('create or replace view ' ~ part ~ ' as ' ~ select) -%}
        {%- do parts.append('select * from ' ~ part) -%}
    {%- endfor -%}
    {%- do statements.append(
        'create or replace ' ~ kind ~ ' ' ~ relation ~ ' as '
        ~ (parts | join(' union all '))
    ) -%}
    {{ return(statements) }}
{%- endmacro %}
