{#
    The salt for hashing PII: the environment variable SEGMENTS_PII_SALT, or,
    when it is unset or empty, the fixed demo salt pii_demo_salt() (public, so
    hashes made with it are NOT pseudonymous). Returns text. The warning about
    the demo salt is logged once per run by the on-run-start hook
    `warn_demo_pii_salt`.
#}
{% macro pii_salt() -%}
    {%- set salt = env_var('SEGMENTS_PII_SALT', '') -%}
    {%- if salt | trim == '' -%}
        {{- return(pii_demo_salt()) -}}
    {%- endif -%}
    {{- return(salt) -}}
{%- endmacro %}
