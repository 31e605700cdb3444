{#
    The whole SQL of a propensity training twin (`<model>__training`) whose
    rows at the training cut-off are the original's rows dated on or before
    it: the original model's rows with `date_column` <= the cut-off
    (int_as_of_date__training), instead of computing them again from the
    cleaned data. Only for models whose every row is a function of earlier
    rows alone (row filters, windows that look back, no look at later dates):
    then filtering the rows of the later as-of date gives exactly the rows of
    the earlier one. A test compares each such twin with its original built
    normally at the cut-off, so a figure that looks forward fails it.
#}
{% macro propensity_twin_rows_until_cutoff(date_column) -%}
    {%- set original = propensity_training_twin_of() -%}
    {%- if original is none -%}
        {{ exceptions.raise_compiler_error(
            "propensity_twin_rows_until_cutoff is the SQL of a propensity "
            ~ "training twin (<model>__training); "
            ~ model.name ~ " is not one"
        ) }}
    {%- endif %}
with

original_rows as (
    select * from {{ ref(original) }}
),

training_cutoff as (
    -- ref resolves int_as_of_date to int_as_of_date__training in a twin.
    select as_of_date from {{ ref('int_as_of_date') }}
),

rows_until_cutoff as (
    select original_rows.*
    from original_rows
    cross join training_cutoff
    where original_rows.{{ date_column }} <= training_cutoff.as_of_date
)

select * from rows_until_cutoff
{%- endmacro %}
