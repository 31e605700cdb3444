{#
    Spark: `field` as `type`, NULL when it does not convert (try_cast; Spark
    4's plain cast raises on bad text in ANSI mode, and dbt-spark's
    safe_cast is a plain cast). Unit-test fixtures write text arrays the
    way DuckDB reads them, `"[a, b]"` and `"[]"`; for an array<string>
    column such a literal becomes `array('a', 'b')`, so one fixture serves
    both engines. Struct and map values keep dbt-spark's handling (quotes
    stripped, plain cast). Found by dbt's dispatch of `safe_cast` before
    dbt-spark's own.
#}
{% macro spark__safe_cast(field, type) -%}
    {%- set lowered = type | lower | replace(' ', '') -%}
    {%- set listed = modules.re.match("^'\\[(.*)\\]'$", field | string)
        if field is string else none -%}
    {%- if lowered == 'array<string>' and listed -%}
        {%- set items = [] -%}
        {%- for item in listed.group(1).split(',') if item | trim -%}
            {%- do items.append(sql_string(item | trim)) -%}
        {%- endfor -%}
        cast(array({{ items | join(', ') }}) as array<string>)
    {%- elif lowered.startswith('struct') or lowered.startswith('map')
            or lowered.startswith('array') -%}
        cast({{ field.strip('"').strip("'") if field is string else field }} as {{ type }})
    {%- else -%}
        try_cast({{ field }} as {{ type }})
    {%- endif -%}
{%- endmacro %}
