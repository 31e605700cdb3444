{#
    Use a model's custom schema as it is (`staging`, `intermediate`) instead of
    dbt's default `<target_schema>_<custom>`, so that marts land in the target
    schema (`main`) where BI tools and ad-hoc SQL look for `customer_rfm` etc.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
