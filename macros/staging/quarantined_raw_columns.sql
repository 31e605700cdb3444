{#
    The leading columns of an incremental base model's `typed` step: where
    each row came from (file, stamp, row and line numbers, its raw_row_hash)
    and its raw text, kept only for rows with reasons (the quarantine shows
    it; a clean row's parsed columns hold the same values, and writing every
    raw value a second time costs time on the largest tables,
    docs/performance-notes.md). Ends with a comma.
#}
{% macro quarantined_raw_columns(raw_columns) -%}
        source_file,
        source_file_stamp,
        source_row_number,
        source_file_row_number,
        source_line_number,
        raw_row_hash,
        {%- for column in raw_columns %}
            case
                when {{ array_length('reasons') }} > 0 then raw_{{ column }}
            end as raw_{{ column }},
        {%- endfor %}
{%- endmacro %}
