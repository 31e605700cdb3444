{#
    A condition on `column` (a customer_id): inside a propensity training twin
    (propensity_training_twin_of), that the customer is one the propensity
    model learns from (int_propensity_customers_sampled); everywhere else
    `true`, so the feature models themselves are unchanged. The twins then
    compute features for at most `propensity_sample_size` customers instead
    of every customer. Only for rows whose figures do not depend on other
    customers: never before the RFM scores, which rank all customers. A
    sampled customer's training features are the same with or without it
    (tested); int_propensity_customers_labelled joins the sample anyway.
#}
{% macro propensity_sample_filter(column) -%}
    {%- if propensity_training_twin_of() is none -%}
        true
    {%- else -%}
        {{ column }} in (
            select customer_id
            from {{ ref('int_propensity_customers_sampled') }}
        )
    {%- endif -%}
{%- endmacro %}
