{#
    The var `currency`: an ISO 4217 code (three capital letters, e.g. GBP),
    or '' when unset (money is then labelled "currency units"). Anything else
    stops compilation with a message.
#}
{% macro currency_var() -%}
    {%- set value = (var('currency', '') or '') | string | trim -%}
    {%- if value and not modules.re.match('^[A-Z]{3}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var currency must be an ISO 4217 code of three capital letters "
            ~ "(e.g. --vars '{currency: GBP}'), or empty; got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}
