{#
    The config of an incremental model whose build replaces the rows of the
    key values it selects and keeps every other row (re-running a key is
    idempotent), as a dict for `config(**replace_by_key_config('key'))`.
    DuckDB and the default: `delete+insert` on `unique_key`. Spark (Parquet
    tables, no MERGE): `insert_overwrite` of the partitions of `key`, with
    the table partitioned by it. `key`: one column name.
#}
{% macro replace_by_key_config(key) -%}
    {%- if key is not string or not modules.re.match('^[a-z_][a-z0-9_]*$', key) -%}
        {{ exceptions.raise_compiler_error(
            "replace_by_key_config: key must be one column name such as "
            ~ "'as_of_date', got '" ~ key ~ "'"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('replace_by_key_config', 'segments')(key)) }}
{%- endmacro %}

{% macro default__replace_by_key_config(key) -%}
    {{ return({'incremental_strategy': 'delete+insert', 'unique_key': key}) }}
{%- endmacro %}

{% macro spark__replace_by_key_config(key) -%}
    {{ return({
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [key],
        'file_format': 'parquet',
    }) }}
{%- endmacro %}
