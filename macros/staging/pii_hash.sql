{#
    Salted SHA-256 (hex text) of the text expression `column`, or NULL when it
    is NULL. The salt is `pii_salt()`; the same value and salt always give the
    same hash, so hashes can serve as join keys. Dispatched: implemented for
    DuckDB and Spark; other adapters need a `<adapter>__pii_hash`.
#}
{% macro pii_hash(column) -%}
    {{ return(adapter.dispatch('pii_hash', 'segments')(column)) }}
{%- endmacro %}

{% macro default__pii_hash(column) -%}
    {{ exceptions.raise_compiler_error(
        "pii_hash has no salted SHA-256 for adapter '" ~ adapter.type()
        ~ "': add a " ~ adapter.type() ~ "__pii_hash macro."
    ) }}
{%- endmacro %}

{% macro duckdb__pii_hash(column) -%}
    sha256({{ pii_salt() }} || {{ column }})
{%- endmacro %}

{% macro spark__pii_hash(column) -%}
    sha2(concat({{ pii_salt() }}, {{ column }}), 256)
{%- endmacro %}
