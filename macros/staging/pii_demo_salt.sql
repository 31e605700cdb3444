{#
    The fixed, public demo salt that pii_salt() falls back to when
    SEGMENTS_PII_SALT is unset or empty (and that warn_demo_pii_salt warns
    about). Returns text.
#}
{% macro pii_demo_salt() -%}
    {{- return('segments-demo-salt-not-secret') -}}
{%- endmacro %}
