{#
    The clustering features: var `segment_features` (a list, or a text of
    comma-separated names, checked by checked_var) as a list of lower-case
    column names of customer_features. Every segments model reads the
    features through this macro, so a bad var stops compilation with one
    message that says what to pass. A name that
    is not a numeric column documented on customer_features is rejected with
    the list of allowed columns (at execution, when dbt's graph is complete).
#}
{% macro segment_features() -%}
    {%- set names = checked_var('segment_features') -%}
    {%- if execute -%}
        {%- set allowed = segment_feature_columns() -%}
        {%- set unknown = names | reject('in', allowed) | list -%}
        {%- if allowed and unknown -%}
            {{ exceptions.raise_compiler_error(
                "var segment_features names unknown column(s) '"
                ~ unknown | join(', ') ~ "'; allowed (numeric columns of"
                ~ " customer_features): " ~ allowed | join(', ')
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}
