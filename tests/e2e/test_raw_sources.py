"""One code path for raw data: a directory of <table>.csv / <table>.parquet files."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pytest

from segwarehouse.dbt_runner import run_dbt

ORDER_LINES_CSV = (
    "order_id,customer_id,ordered_at,product_id,quantity,unit_price\n"
    "o1,c1,2024-01-05 10:00:00,p1,2,3.50\n"
    "o1,c1,2024-01-05 10:00:00,p2,1,10\n"
    "o2,c2,2024-02-01,p1,,3.50\n"
    "o3,,2024-02-03 09:30:00,p3,1,1.25\n"
)
QUICK = ("run", "-s", "+int_as_of_date")
OPTIONAL_TABLES = ["customers", "products", "events", "campaigns", "campaign_touches"]


@pytest.fixture(scope="module")
def order_lines_only(build_warehouse, tmp_path_factory):
    """Full `dbt build` on a directory holding nothing but order_lines.csv."""
    directory = tmp_path_factory.mktemp("only_order_lines")
    (directory / "order_lines.csv").write_text(ORDER_LINES_CSV)
    return build_warehouse(directory, name="only_order_lines")


def test_only_order_lines_builds_whole_dag(order_lines_only):
    assert order_lines_only.scalar("select count(*) from staging.stg_shop__order_lines") == 4
    built = {
        row["unique_id"].split(".")[-1]
        for row in order_lines_only.result.run_results()["results"]
        if row["status"] in ("success", "pass")
    }
    assert "stg_shop__order_lines" in built


@pytest.mark.parametrize("table", [pytest.param(t, id=t) for t in OPTIONAL_TABLES])
def test_absent_optional_table_is_empty_relation_with_contract_columns(order_lines_only, table):
    assert order_lines_only.scalar(f"select count(*) from raw.{table}") == 0
    columns = [row[0] for row in order_lines_only.query(f"describe raw.{table}")]
    assert columns[:3] == ["source_file", "source_file_stamp", "source_row_number"]
    assert len(columns) > 3


def test_absent_optional_columns_are_null(order_lines_only):
    assert order_lines_only.query("select distinct status, channel from raw.order_lines") == [
        (None, None)
    ]


def test_parquet_gives_same_clean_rows_as_csv(build_warehouse, raw_dir, order_lines_only):
    csv_dir = raw_dir({"order_lines.csv": ORDER_LINES_CSV})
    parquet_dir = raw_dir({})
    with duckdb.connect() as connection:
        connection.execute(
            f"copy (select * from read_csv('{csv_dir}/order_lines.csv', all_varchar=true)) "
            f"to '{parquet_dir}/order_lines.parquet' (format parquet)"
        )
    built = build_warehouse(parquet_dir, command=("run", "-s", "+stg_shop__order_lines"))
    columns = "source_row_number, order_id, customer_id, ordered_at, quantity, unit_price"
    sql = f"select {columns} from staging.stg_shop__order_lines order by source_row_number"
    assert built.query(sql) == order_lines_only.query(sql)


def test_source_row_number_is_position_in_file(order_lines_only):
    rows = order_lines_only.query(
        "select source_row_number, order_id, product_id from raw.order_lines "
        "order by source_row_number"
    )
    expected = [
        (position, *line.split(",")[0:4:3])
        for position, line in enumerate(ORDER_LINES_CSV.splitlines()[1:], start=1)
    ]
    assert [(n, o, p or None) for n, o, p in rows] == [(n, o, p or None) for n, o, p in expected]


@pytest.mark.parametrize(
    ("files", "expected_message"),
    [
        pytest.param(
            {"order_lines.csv": "order_id,customer_id,unit_price\no1,c1,2\n"},
            ["order_lines.csv", "missing required column", "ordered_at"],
            id="missing-required-column",
        ),
        pytest.param(
            {"order_lines.xlsx": "not a spreadsheet"},
            ["order_lines.xlsx", "not CSV or Parquet"],
            id="not-csv-or-parquet",
        ),
        pytest.param(
            {"order_lines.parquet": "this is not parquet at all"},
            ["order_lines.parquet"],
            id="corrupt-parquet",
        ),
        pytest.param(
            {"order_lines.csv": ORDER_LINES_CSV, "order_lines.parquet": "x"},
            ["more than one file", "order_lines.csv", "order_lines.parquet"],
            id="two-files-for-one-table",
        ),
        pytest.param(
            {"customers.csv": "customer_id\nc1\n"},
            ["Required raw table 'order_lines' not found"],
            id="required-table-absent",
        ),
        pytest.param(
            {"order_lines.csv": ORDER_LINES_CSV, "customers.csv": "email\nx@example.com\n"},
            ["customers.csv", "customer_id"],
            id="optional-table-missing-its-key",
        ),
    ],
)
def test_broken_raw_directory_fails_naming_the_file(
    build_warehouse, raw_dir, files, expected_message
):
    built = build_warehouse(raw_dir(files), command=QUICK, expect_failure=True)
    for fragment in expected_message:
        assert fragment in built.result.output


def test_missing_raw_directory_fails_clearly(build_warehouse, tmp_path):
    built = build_warehouse(tmp_path / "nowhere", command=QUICK, expect_failure=True)
    assert "does not exist or is empty" in built.result.output


def test_env_var_is_used_and_var_wins(build_warehouse, raw_dir):
    env_dir = raw_dir({"order_lines.csv": ORDER_LINES_CSV})
    var_dir = raw_dir({"order_lines.csv": ORDER_LINES_CSV.rsplit("\n", 2)[0] + "\n"})
    from_env = build_warehouse(command=QUICK, env={"SEGMENTS_RAW_PATH": str(env_dir)})
    both = build_warehouse(var_dir, command=QUICK, env={"SEGMENTS_RAW_PATH": str(env_dir)})
    assert from_env.scalar("select count(*) from raw.order_lines") == 4
    assert both.scalar("select count(*) from raw.order_lines") == 3


@pytest.mark.parametrize(
    ("dbt_vars", "message"),
    [
        pytest.param({"as_of": "last tuesday"}, "var as_of must be a date", id="as-of"),
        pytest.param(
            {"warehouse_time_zone": "Mars/Olympus"},
            "unknown time zone 'Mars/Olympus'",
            id="time-zone",
        ),
    ],
)
def test_bad_var_stops_the_run(build_warehouse, raw_dir, dbt_vars, message):
    built = build_warehouse(
        raw_dir({"order_lines.csv": ORDER_LINES_CSV}),
        command=QUICK,
        dbt_vars=dbt_vars,
        expect_failure=True,
    )
    assert message in built.result.output


def test_unclosed_quote_costs_one_record_not_the_rest_of_the_file(build_warehouse, raw_dir):
    lines = [f"o{i},c{i % 7},2024-01-{i % 28 + 1:02d} 10:00:00,p1,1,2.5" for i in range(1, 301)]
    lines[99] = 'o100,"c2,2024-01-05 10:00:00,p1,1,2.5'
    header = "order_id,customer_id,ordered_at,product_id,quantity,unit_price\n"
    built = build_warehouse(
        raw_dir({"order_lines.csv": header + "\n".join(lines) + "\n"}), command=QUICK
    )
    assert built.scalar("select count(*) from raw.order_lines") == 300
    assert built.scalar("select count(*) from staging.stg_shop__order_lines") == 299
    assert built.query(
        "select source_row_number, source_line_number, reasons "
        "from staging.base_shop__order_lines where len(reasons) > 0"
    ) == [(100, 101, ["malformed_record"])]


def test_header_names_match_case_insensitively_and_trimmed(build_warehouse, raw_dir):
    header = " Order_ID ,CUSTOMER_ID,Ordered_At,Product_ID,Quantity,Unit_Price,Status,Channel\n"
    body = "o1,c1,2024-01-05,p1,3,2.5,Returned,Web\n"
    built = build_warehouse(raw_dir({"order_lines.csv": header + body}), command=QUICK)
    assert built.query(
        "select order_id, product_id, quantity, status, channel from staging.stg_shop__order_lines"
    ) == [("o1", "p1", 3, "returned", "web")]


def test_two_headers_folding_to_one_name_stop_the_run(build_warehouse, raw_dir):
    header = "order_id,customer_id,ordered_at,unit_price,Quantity,quantity \n"
    built = build_warehouse(
        raw_dir({"order_lines.csv": header + "o1,c1,2024-01-05,2,1,1\n"}),
        command=QUICK,
        expect_failure=True,
    )
    assert "two columns that both read as 'quantity'" in built.result.output


OFFSET_LINES = (
    "order_id,customer_id,ordered_at,unit_price\n"
    "o1,c1,2024-01-05T10:00:00+02:00,1\n"
    "o2,c1,2024-01-05 10:00:00Z,1\n"
    "o3,c1,2024-01-05 10:00:00,1\n"
    "o4,c1,2024-01-05 23:30:00-05,1\n"
)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        pytest.param(None, ["08:00", "10:00", "10:00", "04:30"], id="default-utc"),
        pytest.param("Europe/Berlin", ["09:00", "11:00", "10:00", "05:30"], id="berlin"),
    ],
)
def test_text_offsets_are_converted_to_the_warehouse_zone(build_warehouse, raw_dir, zone, expected):
    built = build_warehouse(
        raw_dir({"order_lines.csv": OFFSET_LINES}),
        command=QUICK,
        dbt_vars={"warehouse_time_zone": zone} if zone else None,
    )
    rows = built.query(
        "select strftime(ordered_at, '%H:%M') from staging.stg_shop__order_lines "
        "order by source_row_number"
    )
    assert [time for (time,) in rows] == expected


def test_parquet_timestamptz_does_not_depend_on_the_machine_time_zone(build_warehouse, raw_dir):
    directory = raw_dir({})
    with duckdb.connect() as connection:
        connection.execute("set TimeZone = 'UTC'")
        connection.execute(
            f"copy (select 'o' || i as order_id, 'c' || (i % 4) as customer_id, "
            "timestamptz '2024-01-01 22:30:00+00' + i * interval 5 hour as ordered_at, "
            "'p' || (i % 3) as product_id, 1 + i % 2 as quantity, 2.5 as unit_price "
            f"from range(40) as t(i)) to '{directory}/order_lines.parquet' (format parquet)"
        )
    results = []
    for zone in ["UTC", "America/New_York"]:
        built = build_warehouse(
            directory,
            env={"TZ": zone},
            command=("build", "--resource-type", "seed", "--resource-type", "model"),
            name="tz",
        )
        published = [
            name
            for (name,) in built.query(
                "select table_name from information_schema.tables "
                "where table_schema = 'main' order by table_name"
            )
        ]
        tables = ["staging.stg_shop__order_lines", *(f"main.{name}" for name in published)]
        # Every published table, less the run's own dbt invocation id.
        results.append(
            {
                table: built.query(
                    f"select * exclude (dbt_invocation_id) from {table} order by all"
                )
                if table == "main.segment_runs"
                else built.query(f"select * from {table} order by all")
                for table in tables
            }
        )
    assert "main.customer_rfm" in results[0]
    assert results[0] == results[1]
    assert results[0]["staging.stg_shop__order_lines"][0][4] == datetime(2024, 1, 1, 22, 30)


def _write_tree(directory, files: dict[str, str]):
    """Write ``{relative path: text}`` under ``directory`` (folders made)."""
    for name, content in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(content)
    return directory


BAD_BATCH = "order_id,customer_id,ordered_at,product_id,quantity,unit_price\no9,c1,soon,p1,1,1\n"


@pytest.mark.parametrize(
    ("files", "expected_message"),
    [
        pytest.param(
            {"order_lines.csv": ORDER_LINES_CSV, "order_lines/day=2/b.csv": ORDER_LINES_CSV},
            ["more than one file", "order_lines.csv", "order_lines/day=2/b.csv"],
            id="file-and-folder",
        ),
        pytest.param(
            {"order_lines/day=1/a.csv": ORDER_LINES_CSV, "order_lines/day=1/notes.txt": "x"},
            ["notes.txt", "not CSV or Parquet"],
            id="folder-with-another-kind-of-file",
        ),
        pytest.param(
            {
                "order_lines/day=1/a.csv": ORDER_LINES_CSV,
                "order_lines/day=2/b.csv": "order_id,customer_id,unit_price\no1,c1,2\n",
            },
            ["order_lines/day=2/b.csv", "missing required column", "ordered_at"],
            id="one-batch-missing-a-required-column",
        ),
    ],
)
def test_broken_batch_folder_fails_naming_the_file(
    build_warehouse, tmp_path, files, expected_message
):
    raw = _write_tree(tmp_path / "raw", files)
    built = build_warehouse(raw, command=QUICK, expect_failure=True)
    for fragment in expected_message:
        assert fragment in built.result.output


def test_batch_folder_rows_carry_their_file_and_line(build_warehouse, tmp_path):
    raw = _write_tree(
        tmp_path / "raw",
        {
            "order_lines/day=1/a.csv": ORDER_LINES_CSV,
            "order_lines/day=2/b.csv": BAD_BATCH,
            "order_lines/day=2/_SUCCESS": "",
        },
    )
    built = build_warehouse(raw, command=("run", "-s", "+stg_shop__order_lines_quarantine"))
    assert built.query(
        "select source_file, source_row_number, source_file_row_number, "
        "source_line_number, reasons from staging.stg_shop__order_lines_quarantine"
    ) == [("order_lines/day=2/b.csv", 5, 1, 2, ["bad_timestamp"])]
    assert built.query(
        "select source_file, count(*), min(source_row_number), max(source_row_number) "
        "from staging.base_shop__order_lines group by source_file order by source_file"
    ) == [("order_lines/day=1/a.csv", 4, 1, 4), ("order_lines/day=2/b.csv", 1, 5, 5)]


def test_changed_batch_file_rebuilds_the_loaded_rows(parsed_project, tmp_path):
    raw = _write_tree(tmp_path / "raw", {"order_lines/day=1/a.csv": ORDER_LINES_CSV})
    command = ["run", "-s", "base_shop__order_lines"]
    work_dir = tmp_path / "work"
    (work_dir / "target").mkdir(parents=True)
    shutil.copy(parsed_project, work_dir / "target" / parsed_project.name)
    db_path = work_dir / "warehouse.duckdb"
    first = run_dbt(command, db_path=db_path, work_dir=work_dir, raw_path=raw)
    assert first.ok, first.output[-3000:]
    (raw / "order_lines/day=1/a.csv").write_text(ORDER_LINES_CSV + "o4,c4,2024-03-01,p4,1,2\n")
    second = run_dbt(command, db_path=db_path, work_dir=work_dir, raw_path=raw)
    assert second.ok, second.output[-3000:]
    assert "rebuilt from scratch" in second.output
    with duckdb.connect(str(db_path), read_only=True) as connection:
        rows = connection.execute("select count(*) from staging.base_shop__order_lines").fetchone()
    assert rows == (5,)
