{#
    The two columns of a normal-approximation confidence interval,
    `<name>_ci_low` and `<name>_ci_high`: estimate -+ z * standard_error, each
    multiplied by `factor` when one is given (an interval of a per-customer
    figure scaled to a total: factor * (estimate -+ z * se)). Arguments are
    SQL expressions (z may be a number).
#}
{% macro confidence_interval(estimate, standard_error, z, name, factor=none) -%}
    {%- if not modules.re.match('^[a-z_][a-z0-9_]*$', name | string) -%}
        {{ exceptions.raise_compiler_error(
            "confidence_interval: name must be a column name prefix such as "
            ~ "'conversion_uplift', got '" ~ name ~ "'"
        ) }}
    {%- endif -%}
    {{ return(adapter.dispatch('confidence_interval', 'segments')(
        estimate, standard_error, z, name, factor
    )) }}
{%- endmacro %}

{% macro default__confidence_interval(
    estimate, standard_error, z, name, factor
) -%}
    {%- for bound, sign in [['low', '-'], ['high', '+']] %}
        {%- set interval_end = estimate ~ ' ' ~ sign ~ ' ' ~ z ~ ' * '
            ~ standard_error %}
        {{ factor ~ ' * (' ~ interval_end ~ ')' if factor is not none
            else interval_end }} as {{ name }}_ci_{{ bound }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
