{#
    The import query of a base staging model: the rows of raw table
    `table_name` (`source_relation`, its `source()`) to validate in this run,
    with the contract `columns` as text and
    - `source_file`, `source_file_stamp`: the file the row came from (its
      key, the path relative to the raw directory) and that file's stamp;
    - `source_file_row_number`: the row's 1-based position within its file;
    - `source_row_number`: the row's position among all rows of the table,
      the key downstream: the position in the file for a table that is one
      file; across a folder's files, numbered in file-key order; in an
      incremental run, numbered on from the highest number already loaded;
    - `raw_row_hash` when `row_hash` (`raw_row_hash`): what later batches
      compare themselves with to find exact copies (never for tables with
      PII: the hash of an e-mail address could be looked up).
    In an incremental run (`is_incremental()`) only the files whose key is
    not yet in the model's table are read: which rows are new is decided by
    what was loaded, never by the clock. A loaded file that changed makes
    the next run rebuild the model (`drop_stale_raw_loads`).
#}
{% macro raw_batch_sql(source_relation, table_name, columns, row_hash=false) -%}
    {%- set raw_files = raw_files_of(table_name, raw_path()) if execute else [] -%}
    {%- set incremental = config.get('materialized') == 'incremental'
        and is_incremental() -%}
    {%- set new_keys = [] -%}
    {%- if incremental and execute -%}
        {%- set loaded = run_query(
            'select distinct source_file from ' ~ this
        ).columns[0].values() | list -%}
        {%- for raw_file in raw_files if raw_file.key not in loaded -%}
            {%- do new_keys.append(sql_string(raw_file.key)) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set in_file_order = 'order by source_file, source_row_number' -%}
    select
        source_file,
        source_file_stamp,
        {% if incremental -%}
            (select coalesce(max(source_row_number), 0) from {{ this }})
            + row_number() over ({{ in_file_order }})
        {%- elif raw_files | length == 1 and '/' not in raw_files[0].key -%}
            source_row_number
        {%- else -%}
            row_number() over ({{ in_file_order }})
        {%- endif %} as source_row_number,
        source_row_number as source_file_row_number,
        source_line_number,
        source_record_error,
        {%- if row_hash %}
        {{ raw_row_hash(columns) }} as raw_row_hash,
        {%- endif %}
        {{ columns | join(', ') }}
    from {{ source_relation }}
    {%- if incremental %}
    where
        {%- if new_keys %} source_file in ({{ new_keys | join(', ') }})
        {%- else %} false
        {%- endif %}
    {%- endif %}
{%- endmacro %}
