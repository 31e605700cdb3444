{#
    The header of one raw file (see `raw_files_of`) as a dict {contract name:
    position and name as written}: names are matched to the contract's
    case-insensitively and with surrounding spaces ignored (`" Quantity"` is
    `quantity`). Two header names that fold to the same name stop the run
    with an error naming the file. The names come from `raw_file_header`.
#}
{% macro raw_header_map(raw_file) -%}
    {%- set names = raw_file_header(raw_file) -%}
    {%- set header = {} -%}
    {%- for name in names -%}
        {%- set folded = (name or '') | trim | lower -%}
        {%- if folded in header -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ raw_file.path ~ " has two columns that both read as '"
                ~ folded ~ "' (names match case-insensitively, ignoring spaces): '"
                ~ header[folded].name ~ "' and '" ~ name ~ "'. Keep one of them."
            ) }}
        {%- endif -%}
        {%- do header.update({folded: {'position': loop.index, 'name': name}}) -%}
    {%- endfor -%}
    {{- return(header) -}}
{%- endmacro %}
