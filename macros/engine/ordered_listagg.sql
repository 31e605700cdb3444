{#
    `measure` of the group's rows joined with `delimiter_text` (SQL text
    literal) in the order of the expression `order_by`, keeping the first
    `limit_num` (none: all); NULL measures are skipped. Default: dbt's
    `listagg`. Spark: dbt-spark's listagg ignores the order, so the values
    are collected as (order_by, measure) pairs, sorted, cut and joined;
    NULL when there is no value (as listagg), not ''.
#}
{% macro ordered_listagg(measure, delimiter_text, order_by, limit_num=none) -%}
    {%- if limit_num is not none and (limit_num is not number or limit_num < 1) -%}
        {{ exceptions.raise_compiler_error(
            "ordered_listagg: limit_num must be none or an integer >= 1, got "
            ~ limit_num
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('ordered_listagg', 'segments')(
        measure, delimiter_text, order_by, limit_num
    )) }}
{%- endmacro %}

{% macro default__ordered_listagg(measure, delimiter_text, order_by, limit_num) -%}
    {{ dbt.listagg(measure, delimiter_text, 'order by ' ~ order_by, limit_num) }}
{%- endmacro %}

{% macro spark__ordered_listagg(measure, delimiter_text, order_by, limit_num) -%}
    {%- set sorted = 'array_sort(collect_list(named_struct('
        ~ "'sort_key', " ~ order_by ~ ", 'measure', " ~ measure ~ ')))' -%}
    case when count({{ measure }}) > 0 then array_join(transform(
        {% if limit_num is not none -%}
            slice({{ sorted }}, 1, {{ limit_num }})
        {%- else -%}
            {{ sorted }}
        {%- endif %},
        item -> item.measure
    ), {{ delimiter_text }}) end
{%- endmacro %}
