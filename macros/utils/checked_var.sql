{#
    The value of one dbt var (default in dbt_project.yml), checked against
    var_specs, the one table of what each var accepts. Anything else stops
    compilation with a message naming the var and what to pass. Integers come
    back as int, texts and dates trimmed, lists as lists of trimmed texts, an
    empty or null value as none where null is allowed.
#}
{% macro checked_var(name) -%}
    {%- set specs = var_specs() -%}
    {%- if name not in specs -%}
        {{ exceptions.raise_compiler_error(
            "checked_var: unknown var '" ~ name ~ "'; pass one of "
            ~ (specs.keys() | list | sort | join(', '))
        ) }}
    {%- endif -%}
    {%- set spec = specs[name] -%}
    {%- set kind, minimum, maximum, nullable = spec[:4] -%}
    {%- set options = spec[4] if spec | length > 4 else {} -%}
    {%- set value = var(name) -%}
    {%- if value is string -%}
        {%- set value = value | trim -%}
    {%- endif -%}
    {%- if value is none or value == '' or value == [] -%}
        {%- if nullable -%}
            {{ return(none) }}
        {%- endif -%}
    {%- endif -%}
    {%- set checked = var_value_checked(kind, value, minimum, maximum, options) -%}
    {%- if not checked.is_valid -%}
        {%- set wanted = options.get('wanted') or checked.wanted -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be " ~ wanted
            ~ (' or empty' if nullable and kind in ['date', 'text', 'list']
                else ' or null' if nullable else '')
            ~ ", got '" ~ var(name) ~ "' (e.g. --vars '{" ~ name ~ ": ...}')"
        ) }}
    {%- endif -%}
    {{ return(checked.value) }}
{%- endmacro %}
