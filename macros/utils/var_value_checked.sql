{#
    One var value judged against one var_specs entry: a dict with is_valid,
    wanted (what the kind accepts, in words, for checked_var's message) and
    value (the value to use: int for integers, trimmed text, a list of
    trimmed texts). Kinds and what minimum, maximum and options mean for
    them are described in var_specs.
#}
{% macro var_value_checked(kind, value, minimum, maximum, options) -%}
    {%- set is_boolean = value is sameas true or value is sameas false -%}
    {%- set result = {'value': value} -%}
    {%- if kind == 'boolean' -%}
        {%- do result.update({'is_valid': is_boolean, 'wanted': 'true or false'}) -%}
    {%- elif kind in ['integer', 'number'] -%}
        {%- set above = options.get('exclusive_minimum', false) -%}
        {%- set also = options.get('also') -%}
        {%- set is_number = value is number and not is_boolean
            and (kind != 'integer' or value == (value | int)) -%}
        {%- set in_range = is_number
            and (minimum is none or value > minimum
                or (value == minimum and not above))
            and (maximum is none or value <= maximum) -%}
        {%- set wanted = ('a whole number' if kind == 'integer' else 'a number')
            ~ (' from ' ~ minimum ~ ' to ' ~ maximum
                if minimum is not none and maximum is not none and not above
                else (' > ' if above else ' >= ') ~ minimum
                if minimum is not none
                else ' <= ' ~ maximum if maximum is not none else '')
            ~ (' or ' ~ also[0] ~ ' (' ~ also[1] ~ ')' if also else '') -%}
        {%- do result.update({
            'is_valid': in_range or (is_number and also and value == also[0]),
            'wanted': wanted,
            'value': (value | int) if kind == 'integer' and is_number else value,
        }) -%}
    {%- elif kind in ['date', 'text'] -%}
        {%- set pattern = '^\\d{4}-\\d{2}-\\d{2}$' if kind == 'date'
            else options.get('pattern', '.') -%}
        {%- do result.update({
            'is_valid': value is string
                and modules.re.match(pattern, value) is not none,
            'wanted': 'a date written YYYY-MM-DD' if kind == 'date'
                else 'a text matching ' ~ pattern,
        }) -%}
    {%- elif kind == 'one_of' -%}
        {%- set allowed = options['values'] -%}
        {%- do result.update({
            'is_valid': value is string and value in allowed,
            'wanted': 'one of ' ~ allowed | join(', '),
        }) -%}
    {%- elif kind == 'list' -%}
        {%- set items = value.split(',') if value is string else value -%}
        {%- set is_list = items is iterable and items is not string
            and items is not mapping -%}
        {%- set names = [] -%}
        {%- if is_list -%}
            {%- for item in items -%}
                {%- if item is string and item | trim != '' -%}
                    {%- do names.append(item | trim | lower
                        if options.get('lower') else item | trim) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {%- set pattern = options.get('pattern', '.') -%}
        {%- set unmatched = [] -%}
        {%- for name in names if modules.re.match(pattern, name) is none -%}
            {%- do unmatched.append(name) -%}
        {%- endfor -%}
        {%- set is_valid = is_list and names | length == items | length
            and names | length >= (minimum or 0) and not unmatched
            and (not options.get('distinct')
                or names | unique | list | length == names | length) -%}
        {%- do result.update({
            'is_valid': is_valid,
            'wanted': 'a list of ' ~ ('at least ' ~ minimum ~ ' ' if minimum
                else '') ~ ('distinct ' if options.get('distinct') else '')
                ~ 'texts',
            'value': names,
        }) -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var_specs: unknown kind '" ~ kind ~ "'; use integer, number,"
            ~ " boolean, date, text, one_of or list"
        ) }}
    {%- endif -%}
    {{ return(result) }}
{%- endmacro %}
