{#
    The columns var segment_features may name: every column documented on the
    customer_features model (its YAML, read from dbt's graph) that holds a
    number, sorted. The text, date and key columns are listed below. Empty
    where dbt gives no graph (unit tests): then nothing can be checked.
#}
{% macro segment_feature_columns() -%}
    {%- set not_numeric = ['customer_id', 'first_order_at', 'last_order_at',
        'rfm_cell', 'rfm_segment', 'top_category', 'preferred_weekday',
        'preferred_hour_band', 'age_band', 'country'] -%}
    {%- set columns = [] -%}
    {%- for node in (graph.get('nodes') or {}).values() -%}
        {%- if node.resource_type == 'model'
            and node.name == 'customer_features' -%}
            {%- for name in node.columns -%}
                {%- if name | lower not in not_numeric -%}
                    {%- do columns.append(name | lower) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns | sort) }}
{%- endmacro %}
