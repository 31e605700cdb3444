{#
    A query over one raw file (see `raw_files_of`) with one row per record:
    `source_row_number` (1-based position among the file's records),
    `source_line_number` (CSV: the line the record starts on; Parquet: NULL),
    `source_record_error` (CSV: why the record is malformed, see
    segwarehouse.raw_records; else NULL) and, for CSV, `fields` (text[]).

    CSV records are found by our own reader, not by a CSV parser that
    resynchronises after a broken quote: DuckDB splits the file into lines
    and takes every plain line (no quote, at most the header's fields) as one
    record; the plugin function `segments_csv_records` returns the others
    (quoted, spanning lines, or malformed), one per physical record. Every
    non-empty line after the header belongs to exactly one record.
    `header`: the file's `raw_header_map`. Dispatched: DuckDB reads the file
    itself; Spark reads what segwarehouse.spark_raw landed.
#}
{% macro raw_reader_sql(raw_file, header) -%}
    {{ return(adapter.dispatch('raw_reader_sql', 'segments')(raw_file, header)) }}
{%- endmacro %}

{% macro default__raw_reader_sql(raw_file, header) -%}
    {{ exceptions.raise_compiler_error(
        "Reading raw files is implemented for DuckDB and Spark only (adapter '"
        ~ adapter.type() ~ "'). Add a " ~ adapter.type() ~ "__raw_reader_sql macro."
    ) }}
{%- endmacro %}

{% macro duckdb__raw_reader_sql(raw_file, header) -%}
    {%- set path = sql_string(raw_file.path) -%}
    {%- if raw_file.format == 'parquet' -%}
        select
            cast(file_row_number + 1 as bigint) as source_row_number,
            cast(null as bigint) as source_line_number,
            cast(null as varchar) as source_record_error,
            *
        from read_parquet(
            {{ path }}, file_row_number = true, hive_partitioning = false
        )
    {%- else -%}
        with
        file_lines as (
            select
                unnest(generate_series(1, len(parts))) as line_number,
                unnest(parts) as line
            from (
                select regexp_split_to_array(
                    ltrim(content, chr(65279)), '\r\n|\n|\r'
                ) as parts
                from read_text({{ path }})
            )
        ),
        special_records as (
            select
                record.first_line,
                record.last_line,
                record.fields,
                record.error
            from (
                select unnest(segments_csv_records(
                    {{ path }}, {{ header | length }}
                )) as record
            )
        ),
        special_lines as (
            select unnest(generate_series(first_line, last_line)) as line_number
            from special_records
        ),
        all_records as (
            select
                line_number as first_line,
                string_split(line, ',') as fields,
                cast(null as varchar) as error
            from file_lines
            where line_number > 1 and line <> ''
                and line_number not in (select line_number from special_lines)
            union all
            select first_line, fields, error from special_records
        )
        select
            cast(row_number() over (order by first_line) as bigint)
                as source_row_number,
            cast(first_line as bigint) as source_line_number,
            error as source_record_error,
            fields
        from all_records
    {%- endif -%}
{%- endmacro %}

{#- Spark: CSV records come from the Parquet file the landing step wrote
    with the same reader (segwarehouse.spark_raw); Parquet row numbers from
    the file's row index. -#}
{% macro spark__raw_reader_sql(raw_file, header) -%}
    {%- if raw_file.format == 'parquet' -%}
        select
            cast(_metadata.row_index + 1 as bigint) as source_row_number,
            cast(null as bigint) as source_line_number,
            cast(null as string) as source_record_error,
            *
        from parquet.{{ adapter.quote(raw_file.path) }}
    {%- else -%}
        {%- set records_path = run_query(
            "select records_path from raw_landing.files where path = "
            ~ sql_string(raw_file.path)
        ).columns[0].values()[0] -%}
        select
            source_row_number,
            source_line_number,
            source_record_error,
            fields
        from parquet.{{ adapter.quote(records_path) }}
    {%- endif -%}
{%- endmacro %}
