{#
    The salt for hashing PII: the environment variable SEGMENTS_PII_SALT, or,
    when it is unset or empty, a fixed demo salt (public, so hashes made with
    it are NOT pseudonymous) and a warning in the run's log. Returns text.
#}
{% macro pii_salt() -%}
    {%- set salt = env_var('SEGMENTS_PII_SALT', '') -%}
    {%- if salt | trim == '' -%}
        {%- if execute -%}
            {{ exceptions.warn(
                "WARNING: SEGMENTS_PII_SALT is not set: PII is hashed with the public "
                ~ "demo salt, so email hashes can be reversed by guessing. Set "
                ~ "SEGMENTS_PII_SALT to a secret value for real customer data."
            ) }}
        {%- endif -%}
        {{- return('segments-demo-salt-not-secret') -}}
    {%- endif -%}
    {{- return(salt) -}}
{%- endmacro %}
