-- One row: the currency of every published money column (var `currency`, an
-- ISO 4217 code) and the label the docs and the HTML report show for it
-- ("currency units" when the var is unset).
{%- set code = currency_var() %}

with

currency_stated as (
    select
        {{ sql_string(code) if code else 'cast(null as ' ~ dbt.type_string() ~ ')' }}
            as currency_code,
        {{ sql_string(code or 'currency units') }} as currency_label
)

select * from currency_stated
