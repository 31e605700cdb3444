{#
    The original text values of a raw row as one JSON object (text), for
    quarantine rows. `columns`: contract column names; each is read from the
    column `raw_<name>` of the relation being selected.
#}
{% macro raw_values_json(columns) -%}
    {%- if columns is string or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw_values_json: pass a non-empty list of column names"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_values_json', 'segments')(columns)) }}
{%- endmacro %}

{% macro duckdb__raw_values_json(columns) -%}
    cast(json_object(
        {%- for column in columns %}
        '{{ column }}', raw_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as varchar)
{%- endmacro %}

{#- Spark's to_json drops NULL fields unless told otherwise; DuckDB keeps
    them as null, and so does this. -#}
{% macro spark__raw_values_json(columns) -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', raw_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    ), map('ignoreNullFields', 'false'))
{%- endmacro %}
