{#
    The import query of a base staging model: the rows of raw table
    `table_name` (`source_relation`, its `source()`) to validate in this run,
    with the contract `columns` as text and
    - `source_file`, `source_file_stamp`: the file the row came from (its
      key, the path relative to the raw directory) and that file's stamp;
    - `source_file_row_number`: the row's 1-based position within its file
      (the raw relation's `source_row_number`: 1 to the file's row count);
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
    {%- set one_file = not incremental and raw_files | length == 1
        and '/' not in raw_files[0].key -%}
    {#- `in (null)` holds for no row: an incremental run without new files
        reads nothing. -#}
    {%- set new_files = '(' ~ (new_keys | join(', ') if new_keys else 'null') ~ ')' -%}
    select
        raw_rows.source_file,
        raw_rows.source_file_stamp,
        {% if one_file -%}
            raw_rows.source_row_number
        {%- else -%}
            {%- if incremental -%}
                (select coalesce(max(source_row_number), 0) from {{ this }}) +
            {% endif -%}
            file_offsets.file_offset + raw_rows.source_row_number
        {%- endif %} as source_row_number,
        raw_rows.source_row_number as source_file_row_number,
        raw_rows.source_line_number,
        raw_rows.source_record_error,
        {%- if row_hash %}
        {{ raw_row_hash(columns) }} as raw_row_hash,
        {%- endif %}
        {{ columns | join(', ') }}
    from {{ source_relation }} as raw_rows
    {%- if not one_file %}
    {#- Rows are numbered on across the files in file-key order: each file's
        rows after the rows of the files before it. An offset per file
        joined on, not a row_number() over all rows: that window sorts
        every raw row with its values, once per read of the rows (three per
        model), and does not fit in 8 GB at 27M events in daily files. #}
    inner join (
        select
            source_file,
            coalesce(sum(count(*)) over (
                order by source_file
                rows between unbounded preceding and 1 preceding
            ), 0) as file_offset
        from {{ source_relation }}
        {%- if incremental %}
        where source_file in {{ new_files }}
        {%- endif %}
        group by source_file
    ) as file_offsets
        on raw_rows.source_file = file_offsets.source_file
    {%- endif %}
    {%- if incremental %}
    where raw_rows.source_file in {{ new_files }}
    {%- endif %}
{%- endmacro %}
