{#
    Standard error of the difference of two independent estimates (treated
    minus control): sqrt(v_t / n_t + v_c / n_c), with v the variance of one
    observation (p (1 - p) for a proportion, the sample variance for a mean:
    Welch) and n the group size. Arguments are SQL expressions; the group
    sizes default to the columns treated_customers and control_customers.
#}
{% macro difference_standard_error(
    treated_variance, control_variance,
    treated_count='treated_customers', control_count='control_customers'
) -%}
    {{ return(adapter.dispatch('difference_standard_error', 'segments')(
        treated_variance, control_variance, treated_count, control_count
    )) }}
{%- endmacro %}

{% macro default__difference_standard_error(
    treated_variance, control_variance, treated_count, control_count
) -%}
    sqrt(
        {{ treated_variance }} / {{ treated_count }}
        + {{ control_variance }} / {{ control_count }}
    )
{%- endmacro %}
