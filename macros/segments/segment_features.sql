{#
    The clustering features: var `segment_features` (a list, or a text of
    comma-separated names) as a list of column names of customer_features.
    Every segments model reads the features through this macro, so a bad var
    stops compilation with one message that says what to pass. A name that
    is not a numeric column documented on customer_features is rejected with
    the list of allowed columns (at execution, when dbt's graph is complete).
#}
{% macro segment_features() -%}
    {%- set value = var('segment_features') -%}
    {%- if value is string -%}
        {%- set value = value.split(',') -%}
    {%- endif -%}
    {%- set names = [] -%}
    {%- if value is iterable and value is not mapping -%}
        {%- for item in value -%}
            {%- if item is string and item | trim != '' -%}
                {%- do names.append(item | trim | lower) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set is_identifier = modules.re.compile('^[a-z_][a-z0-9_]*$') -%}
    {%- set bad = [] -%}
    {%- for name in names -%}
        {%- if not is_identifier.match(name) -%}
            {%- do bad.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not names or bad or names | unique | list | length != names | length -%}
        {{ exceptions.raise_compiler_error(
            "var segment_features must be a non-empty list of distinct column"
            ~ " names of customer_features, got '" ~ var('segment_features')
            ~ "' (e.g. --vars '{segment_features: [recency_days, order_count,"
            ~ " total_revenue]}')"
        ) }}
    {%- endif -%}
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
