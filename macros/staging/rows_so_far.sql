{#
    The `columns` (a list of names) of `relation` (this run's rows) and, in an
    incremental run, of every row the model stored before: the basis of a
    figure over all rows loaded so far (the data-derived future_timestamp
    cut-off of the base staging models, `future_cutoff_sql`).
#}
{% macro rows_so_far(relation, columns) -%}
    {%- if columns is string or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "rows_so_far: pass a non-empty list of column names"
        ) }}
    {%- endif -%}
    select {{ columns | join(', ') }} from {{ relation }}
    {%- if is_incremental() %}
    union all
    select {{ columns | join(', ') }} from {{ this }}
    {%- endif %}
{%- endmacro %}
