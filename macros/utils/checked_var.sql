{#
    The value of one dbt var (default in dbt_project.yml), checked against
    var_specs, the one table of what each var accepts. Anything else stops
    compilation with a message naming the var and what to pass. Integers come
    back as int, an empty or null value as none where null is allowed.
#}
{% macro checked_var(name) -%}
    {%- set specs = var_specs() -%}
    {%- if name not in specs -%}
        {{ exceptions.raise_compiler_error(
            "checked_var: unknown var '" ~ name ~ "'; pass one of "
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
