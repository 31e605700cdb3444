{#
    A select-list expression that turns each row into one row per element of
    the array expression `array` (rows with an empty or NULL array vanish).
    DuckDB: `unnest`; Spark: `explode`. Other adapters spell this as a
    lateral join, so the default stops with a message.
#}
{% macro unnest_array(array) -%}
    {{ return(adapter.dispatch('unnest_array', 'segments')(array)) }}
{%- endmacro %}

{% macro default__unnest_array(array) -%}
    {{ exceptions.raise_compiler_error(
        "unnest_array has no select-list form for adapter '" ~ adapter.type()
        ~ "': add a " ~ adapter.type() ~ "__unnest_array macro."
    ) }}
{%- endmacro %}

{% macro duckdb__unnest_array(array) -%}
    unnest({{ array }})
{%- endmacro %}

{% macro spark__unnest_array(array) -%}
    explode({{ array }})
{%- endmacro %}
