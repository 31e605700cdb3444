{#
    on-run-start hook: one warning in the run's log when PII is hashed with
    the public demo salt (SEGMENTS_PII_SALT unset or empty, see pii_salt()).
    Asks the database (one query, which holds no secret).
#}
{% macro warn_demo_pii_salt() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set uses_demo_salt = run_query(
        'select ' ~ pii_salt() ~ ' = ' ~ sql_string(pii_demo_salt())
    ).columns[0].values()[0] -%}
    {%- if uses_demo_salt -%}
        {{ exceptions.warn(
            "WARNING: SEGMENTS_PII_SALT is not set: PII is hashed with the public "
            ~ "demo salt, so email hashes can be reversed by guessing. Set "
            ~ "SEGMENTS_PII_SALT to a secret value for real customer data."
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
