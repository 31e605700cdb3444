{#
    The salt for hashing PII, as a SQL text expression evaluated at run time:
    the environment variable SEGMENTS_PII_SALT, or, when it is unset or
    empty, the fixed demo salt pii_demo_salt() (public, so hashes made with
    it are NOT pseudonymous). The secret is read by the database session
    (DuckDB: plugin function `segments_pii_salt`; Spark: the JVM's
    environment through `reflect`, so on a cluster the variable must be set
    for the executors too, e.g. spark.executorEnv.SEGMENTS_PII_SALT), never by Jinja: dbt stores
    the values of `env_var()` calls and compiled SQL under `target/` and
    `logs/`. The warning about the demo salt is logged once per run by the
    on-run-start hook `warn_demo_pii_salt`.
#}
{% macro pii_salt() -%}
    {{ return(adapter.dispatch('pii_salt', 'segments')()) }}
{%- endmacro %}

{% macro default__pii_salt() -%}
    {{ exceptions.raise_compiler_error(
        "pii_salt has no run-time salt for adapter '" ~ adapter.type()
        ~ "': add a " ~ adapter.type() ~ "__pii_salt macro."
    ) }}
{%- endmacro %}

{% macro duckdb__pii_salt() -%}
    segments_pii_salt({{ sql_string(pii_demo_salt()) }})
{%- endmacro %}

{#- reflect() returns the text 'null' for an unset variable, so that text
    counts as unset too. -#}
{% macro spark__pii_salt() -%}
    {%- set salt = "reflect('java.lang.System', 'getenv', 'SEGMENTS_PII_SALT')" -%}
    case
        when trim(coalesce({{ salt }}, '')) not in ('', 'null') then {{ salt }}
        else {{ sql_string(pii_demo_salt()) }}
    end
{%- endmacro %}
