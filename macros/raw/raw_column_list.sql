{#
    `, <col> as <col>, ...` for the contract columns: present ones cast to text,
    absent ones NULL text.
#}
{% macro raw_column_list(columns, present) -%}
    {%- for column in columns -%}
        {%- if column.name in present -%}
            , cast({{ adapter.quote(column.name) }} as varchar) as {{ adapter.quote(column.name) }}
        {%- else -%}
            , cast(null as varchar) as {{ adapter.quote(column.name) }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}
