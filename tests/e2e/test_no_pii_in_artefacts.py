"""No raw personal data or PII salt in anything a build leaves behind.

The demo data plus a customers.csv record broken by an unclosed quote (with
an email, a name and a phone on its line) is built with a secret salt, then
published and reported on. dbt's `target/` and `logs/`, every published table
(DuckDB and Parquet) and the HTML report are searched for every raw email,
name and phone of customers.csv and for the salt.
"""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from segwarehouse.dbt_runner import PROJECT_ROOT
from segwarehouse.publish import publish
from segwarehouse.report.write import write_report

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
SALT = "pii-scan-salt-7f3a9c41"
BROKEN_LINE = (
    'C009999,2022-01-01,1990-01-01,F,UK,London,"mal.formed@example.org,'
    "Mal Formedname,+44 7700 999999\n"
)


@pytest.fixture(scope="module")
def artefacts(build_warehouse, tmp_path_factory):
    """(texts of every artefact, raw PII values) after build, publish and report."""
    raw = tmp_path_factory.mktemp("pii_raw")
    for source in DEMO_DIR.glob("*.csv"):
        shutil.copy(source, raw / source.name)
    with open(raw / "customers.csv", "a", encoding="utf-8") as customers:
        customers.write(BROKEN_LINE)
    built = build_warehouse(raw, env={"SEGMENTS_PII_SALT": SALT}, name="pii_scan")
    assert built.scalar(
        "select reasons from staging.stg_shop__customers_quarantine "
        "where source_line_number = (select max(source_line_number) from raw.customers)"
    ) == ["malformed_record"]
    out = tmp_path_factory.mktemp("pii_publish")
    publication = publish(built.db_path, out)
    report = write_report(publication.duckdb_path, out / "report.html")

    work_dir = built.db_path.parent
    texts = {
        str(path): path.read_bytes().decode("utf-8", "replace")
        for folder in ("target", "logs")
        for path in (work_dir / folder).rglob("*")
        if path.is_file()
    }
    texts["output"] = built.result.output
    texts[str(report)] = report.read_text(encoding="utf-8")
    with duckdb.connect(str(publication.duckdb_path), read_only=True) as connection:
        for table in publication.tables:
            rows = connection.execute(f'select * from main."{table}"').fetchall()
            texts[f"published {table}"] = repr(rows)
        for parquet in sorted(publication.parquet_dir.glob("*.parquet")):
            rows = connection.execute(f"select * from '{parquet}'").fetchall()
            texts[str(parquet)] = repr(rows)

    with open(raw / "customers.csv", encoding="utf-8", newline="") as customers:
        rows = list(csv.DictReader(customers))
    secrets = {
        row[column].strip()
        for row in rows
        for column in ("email", "full_name", "phone")
        if row.get(column) and row[column].strip()
    }
    # Values the project's own unit-test fixtures spell out (e.g. a demo name)
    # legitimately sit in compiled unit tests: they are code, not user data.
    project_text = "".join(
        path.read_text(encoding="utf-8") for path in (PROJECT_ROOT / "models").rglob("*.yml")
    )
    secrets = {secret for secret in secrets if secret not in project_text}
    secrets |= {"mal.formed@example.org", "Mal Formedname", "+44 7700 999999", SALT}
    return texts, secrets


def test_no_raw_pii_or_salt_in_target_logs_publication_or_report(artefacts):
    texts, secrets = artefacts
    assert len(texts) > 20 and len(secrets) > 1000
    leaks = {
        (where, secret) for where, text in texts.items() for secret in secrets if secret in text
    }
    assert not leaks, sorted(leaks)[:10]
