{#
    The models that have a propensity training twin `<model>__training` in
    models/intermediate/marketing/propensity_training/: int_as_of_date (as_of
    minus the horizon) and every model between it and
    int_propensity_customers_featured (customer_features and the propensity
    model's own figures). A test checks that this list covers that lineage.
#}
{% macro propensity_training_models() -%}
    {{ return([
        'int_as_of_date',
        'int_customer_lines_filtered',
        'int_orders_aggregated',
        'int_customer_days',
        'int_customers_rfm_scored',
        'customer_rfm',
        'int_events_sessionised',
        'int_sessions_built',
        'int_customer_sessions_summarised',
        'int_customer_purchases_summarised',
        'customer_features',
        'int_propensity_customers_featured',
    ]) }}
{%- endmacro %}
