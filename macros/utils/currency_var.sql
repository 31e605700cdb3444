{#
    The var `currency`: an ISO 4217 code (three capital letters, e.g. GBP),
    or '' when unset (money is then labelled "currency units"); checked by
    checked_var, so anything else stops compilation with a message.
#}
{% macro currency_var() -%}
    {{- return(checked_var('currency') or '') -}}
{%- endmacro %}
