"""Every dbt var is read through checked_var, the one validator.

A model, macro or singular test that calls ``var(...)`` itself skips the checks
of ``var_specs()`` and tends to repeat a default that lives in
dbt_project.yml. This test reads the SQL and Python of the dbt project (Jinja
comments left out) and fails on any ``var(`` call outside ``checked_var``,
except the few files listed below with the reason they still read a var
directly. YAML files are not scanned: their ``var()`` calls fill doc text and
the configs of Python models, whose parameters the package validates again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from segwarehouse.dbt_runner import PROJECT_ROOT

SCANNED = [("models", "*.sql"), ("models", "*.py"), ("macros", "*.sql"), ("tests/dbt", "*.sql")]
VAR_CALL = re.compile(r"(?<![\w.])var\(")
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
CHECKED_NAME = re.compile(r"checked_var\(\s*'(\w+)'\s*\)")
SPEC_NAME = re.compile(r"^\s{8}'(\w+)': \[", re.M)

READER = "macros/utils/checked_var.sql"
# Files that may still call var() directly, and why.
EXCEPTIONS = {
    "macros/raw/raw_path.sql": (
        "raw_path falls back to the environment variable SEGMENTS_RAW_PATH and "
        "the demo data; macros/raw belongs to the raw-reading work"
    ),
}


def _code(path: Path) -> str:
    return JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))


def _files_reading_vars(root: Path) -> set[str]:
    found = set()
    for folder, pattern in SCANNED:
        for path in (root / folder).rglob(pattern):
            if VAR_CALL.search(_code(path)):
                found.add(path.relative_to(root).as_posix())
    return found


def _spec_names(root: Path) -> list[str]:
    return SPEC_NAME.findall((root / "macros/utils/var_specs.sql").read_text(encoding="utf-8"))


def test_no_model_or_macro_reads_a_var_outside_checked_var():
    direct = _files_reading_vars(PROJECT_ROOT) - {READER} - set(EXCEPTIONS)
    assert not direct, (
        f"read these vars with checked_var('name') (spec in var_specs): {sorted(direct)}"
    )


@pytest.mark.parametrize("path", sorted(EXCEPTIONS))
def test_listed_exceptions_still_read_a_var(path):
    """A converted file must leave the lists, so they never hide a new read."""
    assert path in _files_reading_vars(PROJECT_ROOT), f"{path} no longer calls var(): unlist it"


def test_scanner_finds_a_direct_read(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models/a.sql").write_text("{%- set n = var('n', 3) %}\nselect {{ n }}\n")
    (tmp_path / "models/b.sql").write_text("{# var('n') in a comment #}\nselect 1\n")
    (tmp_path / "models/c.sql").write_text('select \'{{ env_var("X", "") }}\'\n')
    assert _files_reading_vars(tmp_path) == {"models/a.sql"}


def test_every_checked_var_is_specified_and_has_a_default():
    specs = _spec_names(PROJECT_ROOT)
    assert specs == sorted(specs), "keep var_specs in alphabetical order"
    defaults = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
    assert set(specs) <= set(defaults), "every var in var_specs needs a default in dbt_project.yml"
    checked = set()
    for folder, pattern in SCANNED:
        for path in (PROJECT_ROOT / folder).rglob(pattern):
            checked.update(CHECKED_NAME.findall(_code(path)))
    assert checked <= set(specs), f"not in var_specs: {sorted(checked - set(specs))}"
