"""The documentation stays true: links resolve, every var is documented, and
comments carry no issue or optimisation numbers (history belongs in git and docs/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from segwarehouse.dbt_runner import PROJECT_ROOT

MARKDOWN_FILES = sorted(
    [
        PROJECT_ROOT / "README.md",
        PROJECT_ROOT / "BENCHMARKS.md",
        *(PROJECT_ROOT / "docs").glob("*.md"),
    ]
)
CONFIGURATION_PAGES = [PROJECT_ROOT / "docs" / "configuration.md", PROJECT_ROOT / "README.md"]
FENCED_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *$", re.M)
# Also across a line break inside a comment ("Optimisations"\n-- 16).
HISTORY_REFERENCE = re.compile(r"\bissues?\s+#?\d+|\boptimisations?\"?(?:\s|--|#)*\d+", re.I)
SWEPT_DIRS = ("models", "macros", "python", "tests")
THIS_FILE = Path(__file__).resolve()


def _prose(text: str) -> str:
    """Markdown without fenced blocks and inline code, where links are not links."""
    return INLINE_CODE.sub("", FENCED_BLOCK.sub("", text))


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to -."""
    text = INLINE_CODE.sub(lambda code: code.group(0).strip("`"), heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {github_anchor(h) for h in HEADING.findall(_prose(path.read_text(encoding="utf-8")))}


def relative_links(path: Path) -> list[str]:
    targets = LINK.findall(_prose(path.read_text(encoding="utf-8")))
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t)]


def resolves(path: Path, target: str) -> bool:
    """Whether a relative link of ``path`` names a file (and heading) of the repository."""
    file_part, _, anchor = target.partition("#")
    resolved = (path.parent / file_part).resolve() if file_part else path
    if not resolved.is_relative_to(PROJECT_ROOT) or not resolved.exists():
        return False
    return not anchor or resolved.suffix != ".md" or anchor in anchors(resolved)


def broken_links(path: Path) -> list[str]:
    """The relative links of ``path`` that do not resolve inside the repository."""
    return [target for target in relative_links(path) if not resolves(path, target)]


@pytest.mark.parametrize(
    "path", [pytest.param(p, id=str(p.relative_to(PROJECT_ROOT))) for p in MARKDOWN_FILES]
)
def test_relative_links_resolve_inside_the_repository(path):
    assert not broken_links(path)


def test_link_check_finds_a_broken_link(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n\n[ok](#top) [missing](nowhere.md) [bad anchor](#bottom) "
        "[web](https://example.org) `[code](nowhere.md)`\n"
    )
    monkeypatch.setattr(f"{__name__}.PROJECT_ROOT", tmp_path)
    assert broken_links(page) == ["nowhere.md", "#bottom"]


def test_github_anchor():
    assert github_anchor("Same input, same bits (determinism at scale)") == (
        "same-input-same-bits-determinism-at-scale"
    )
    assert github_anchor("The `dbt build` wall") == "the-dbt-build-wall"


def documented_settings() -> set[str]:
    """Names in the first cell of a table row of the configuration pages."""
    names = set()
    for page in CONFIGURATION_PAGES:
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("| `"):
                names.update(re.findall(r"`([A-Za-z0-9_]+)`", line.split("|")[1]))
    return names


def test_every_var_has_a_row_in_the_configuration_table():
    project_vars = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
    missing = sorted(set(project_vars) - documented_settings())
    assert not missing, f"vars without a row in docs/configuration.md: {missing}"


def history_references() -> list[str]:
    """``path:line: text`` of every issue or numbered optimisation reference."""
    found = []
    for directory in SWEPT_DIRS:
        for path in sorted((PROJECT_ROOT / directory).rglob("*")):
            if not path.is_file() or path.resolve() == THIS_FILE or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            for match in HISTORY_REFERENCE.finditer(text):
                number = text.count("\n", 0, match.start()) + 1
                relative = path.relative_to(PROJECT_ROOT)
                found.append(f"{relative}:{number}: {text.splitlines()[number - 1].strip()}")
    return found


def test_no_issue_or_optimisation_numbers_in_code():
    """Comments say why the code is so; issue numbers and benchmark sections rot."""
    assert not history_references()


@pytest.mark.parametrize(
    "line",
    [
        "-- (issue 3) cleaning",
        '# see BENCHMARKS.md, "Optimisations" 16',
        "# Optimisation 2",
        '-- saves a copy (BENCHMARKS.md, "Optimisations"\n-- 16). The other twins',
    ],
)
def test_history_pattern_matches(line):
    assert HISTORY_REFERENCE.search(line)
