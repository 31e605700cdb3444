{#
    dbt's `ref`, with one addition: inside a propensity training twin (a model
    named `<model>__training`, see propensity_training_models), a reference to
    a model that has a twin resolves to that twin. The twins are the customer
    feature models themselves (their files are symlinks to the originals), so
    the training features are computed by the same SQL, with one relation
    swapped: int_as_of_date -> int_as_of_date__training (as_of minus
    propensity_horizon_days). (Two twins read their original's rows up to the
    cut-off instead, see propensity_twin_rows_until_cutoff; a twin's reference
    to its own original is not redirected.) Everywhere else this is exactly
    builtins.ref.
#}
{% macro ref() -%}
    {%- set version = kwargs.get('version') or kwargs.get('v') -%}
    {%- if varargs | length == 1 -%}
        {%- set package_name = none -%}
        {%- set model_name = varargs[0] -%}
    {%- else -%}
        {%- set package_name = varargs[0] -%}
        {%- set model_name = varargs[1] -%}
    {%- endif -%}
    {%- set twin_of = propensity_training_twin_of() -%}
    {%- if twin_of is not none
        and model_name in propensity_training_models()
        and model_name != twin_of -%}
        {%- set model_name = model_name ~ '__training' -%}
    {%- endif -%}
    {%- if package_name is none -%}
        {{ return(builtins.ref(model_name, version=version)) }}
    {%- else -%}
        {{ return(builtins.ref(package_name, model_name, version=version)) }}
    {%- endif -%}
{%- endmacro %}
