{#
    While dbt renders a propensity training twin `<model>__training` (see
    propensity_training_models), the name of the model it is the twin of;
    otherwise none. The `ref` override and propensity_sample_filter ask it.
#}
{% macro propensity_training_twin_of() -%}
    {%- set suffix = '__training' -%}
    {%- set calling = model.name if model is defined and model is mapping
        and model.name is defined else '' -%}
    {%- set original = calling[:-(suffix | length)] -%}
    {%- if calling.endswith(suffix)
        and original in propensity_training_models() -%}
        {{ return(original) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
