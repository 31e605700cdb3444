{#
    The value of one product-pairs var (dbt_project.yml, section "product
    pairs"), checked against the one list of what each var accepts below.
    Anything else stops compilation with a message naming the var and what to
    pass. Every pairs model reads its vars through this macro, so a var is
    validated the same way wherever it is used.
    recommendations_per_customer is not here: only the Python model
    int_recommendations_ranked reads it, and checks it
    (segwarehouse.recommendations.per_customer_from_config).
#}
{% macro pair_var(name) -%}
    {#- kind, minimum, maximum, null allowed -#}
    {%- set specs = {
        'min_pair_orders': ['integer', 1, none, false],
        'min_support': ['number', 0, 1, false],
        'max_basket_size': ['integer', 2, none, true],
        'pair_pruning': ['boolean', none, none, false],
        'recommendation_neighbours': ['integer', 1, none, true],
        'similar_products_per_product': ['integer', 1, none, false],
        'similar_products_min_support': ['number', 0, 1, false],
    } -%}
    {%- if name not in specs -%}
        {{ exceptions.raise_compiler_error(
            "pair_var: unknown var '" ~ name ~ "'; pass one of "
            ~ (specs.keys() | list | sort | join(', '))
        ) }}
    {%- endif -%}
    {%- set kind, minimum, maximum, nullable = specs[name] -%}
    {%- set value = var(name) -%}
    {%- if value is none or (value is string and value | trim == '') -%}
        {%- if nullable -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set value = '' -%}
    {%- endif -%}
    {%- set is_boolean = value is sameas true or value is sameas false -%}
    {%- if kind == 'boolean' -%}
        {%- set is_valid = is_boolean -%}
        {%- set wanted = 'true or false' -%}
    {%- else -%}
        {%- set is_valid = value is number and not is_boolean
            and (kind != 'integer' or value == (value | int))
            and (minimum is none or value >= minimum)
            and (maximum is none or value <= maximum) -%}
        {%- set wanted = ('a whole number' if kind == 'integer' else 'a number')
            ~ (' >= ' ~ minimum if minimum is not none else '')
            ~ (' and <= ' ~ maximum if maximum is not none else '')
            ~ (' or null' if nullable else '') -%}
    {%- endif -%}
    {%- if not is_valid -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be " ~ wanted ~ ", got '" ~ value
            ~ "' (e.g. --vars '{" ~ name ~ ": ...}')"
        ) }}
    {%- endif -%}
    {{ return((value | int) if kind == 'integer' else value) }}
{%- endmacro %}
