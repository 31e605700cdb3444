{#
    The config of an incremental model whose build appends the rows it
    selects and never touches the rows already stored (the staging models
    that load raw files batch by batch: a raw row is validated once), as a
    dict for `config(**append_rows_config())`. DuckDB and the default: the
    `append` strategy; `--full-refresh` rebuilds the table from scratch.
#}
{% macro append_rows_config() -%}
    {{ return(adapter.dispatch('append_rows_config', 'segments')()) }}
{%- endmacro %}

{% macro default__append_rows_config() -%}
    {{ return({'incremental_strategy': 'append'}) }}
{%- endmacro %}
