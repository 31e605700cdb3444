{#
    Text whose letters are all lower case or all upper case, with the first
    letter of each space-separated word upper-cased and the rest lower-cased
    (`GERMANY`, `germany` -> `Germany`; `new york` -> `New York`). Mixed-case
    text is kept as given (`McAllen`, `Stratford-upon-Avon`). `column`: a text
    expression, already trimmed.
#}
{% macro proper_case(column) -%}
    {{ return(adapter.dispatch('proper_case', 'segments')(column)) }}
{%- endmacro %}

{% macro duckdb__proper_case(column) -%}
    case
        when {{ column }} = lower({{ column }}) or {{ column }} = upper({{ column }})
            then array_to_string(list_transform(
                string_split({{ column }}, ' '),
                lambda word: upper(left(word, 1)) || lower(substr(word, 2))
            ), ' ')
        else {{ column }}
    end
{%- endmacro %}

{% macro spark__proper_case(column) -%}
    case
        when {{ column }} = lower({{ column }}) or {{ column }} = upper({{ column }})
            then array_join(transform(
                split({{ column }}, ' '),
                word -> upper(left(word, 1)) || lower(substr(word, 2))
            ), ' ')
        else {{ column }}
    end
{%- endmacro %}
