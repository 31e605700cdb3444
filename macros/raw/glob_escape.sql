{#
    `path` with the characters a DuckDB glob pattern treats specially (`[`,
    `*`, `?`) escaped as one-character classes (`[[]`, `[*]`, `[?]`), so a
    directory such as `shop [2024]/` is matched literally when a pattern is
    built on it.
#}
{% macro glob_escape(path) -%}
    {%- set escaped = [] -%}
    {%- for character in path | string -%}
        {%- do escaped.append('[' ~ character ~ ']'
            if character in ['[', '*', '?'] else character) -%}
    {%- endfor -%}
    {{- return(escaped | join('')) -}}
{%- endmacro %}
