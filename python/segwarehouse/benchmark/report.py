"""Markdown tables of benchmark results, and their block in ``BENCHMARKS.md``.

The block between :data:`BEGIN` and :data:`END` is regenerated from every
``<scale>.json`` of the results directory on each run, followed by an
"Incremental refresh" section per ``<scale>-incremental.json`` when there is
one; the rest of the file (method, analysis) is written by hand and left alone.
"""

from __future__ import annotations

import json
from pathlib import Path

BEGIN = "<!-- BEGIN GENERATED RESULTS: python -m segwarehouse.benchmark rewrites this block -->"
END = "<!-- END GENERATED RESULTS -->"

REFERENCE_TITLES = {
    "floor": "floor: scan + revenue per customer (DuckDB)",
    "rfm_sql": "hand-written DuckDB RFM",
    "pairs_sql": "hand-written DuckDB pairs, Apriori pruning",
    "pairs_sql_naive": "hand-written DuckDB pairs, naive self-join",
    "rfm_pandas": "pandas RFM",
    "pairs_pandas": "pandas pairs (pruned self-merge)",
    "kmeans_sklearn": "scikit-learn k-means, all customers",
    "pandas total": "pandas RFM + pairs + k-means",
}


def fmt_seconds(value) -> str:
    """Seconds with a precision that suits their size; ``-`` when missing."""
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_ratio(value) -> str:
    """A ratio as ``1.23x``; ``-`` when missing."""
    return "-" if value is None else f"{value:.2f}x"


def fmt_bytes(value) -> str:
    """Bytes in GiB (or MiB below 1 GiB); ``-`` when missing."""
    if value is None:
        return "-"
    if value >= 1024**3:
        return f"{value / 1024**3:.2f} GiB"
    return f"{value / 1024**2:.0f} MiB"


def fmt_count(value) -> str:
    """A count with thousands separators; ``-`` when missing (table absent)."""
    return "-" if value is None else f"{value:,}"


def _agreement(result: dict, reference: str) -> str:
    record = result.get("references", {}).get(reference) or {}
    verification = record.get("verification")
    if verification is None:
        return "-" if record.get("ok", True) else "failed"
    if verification["agrees"]:
        return "yes"
    return "NO: " + ", ".join(sorted(verification["mismatches"]))


def comparison_table(result: dict) -> str:
    """Markdown table: each stage of ours beside the reference that reproduces it."""
    lines = [
        "| our stage | ours (s) | reference | reference (s) | ours / reference | same result |",
        "|---|---:|---|---:|---:|---|",
    ]
    for row in result.get("comparisons", []):
        reference = row["reference"]
        lines.append(
            "| {stage} | {ours} | {title} | {ref} | {ratio} | {agrees} |".format(
                stage=row["stage"],
                ours=fmt_seconds(row["ours_seconds"]),
                title=REFERENCE_TITLES.get(reference, reference),
                ref=fmt_seconds(row["reference_seconds"]),
                ratio=fmt_ratio(row["ratio"]),
                agrees=_agreement(result, reference),
            )
        )
    return "\n".join(lines)


def models_table(result: dict, top: int = 8) -> str:
    """Markdown table of the slowest models."""
    total = sum(model["seconds"] for model in result.get("models", [])) or 1.0
    lines = ["| model | kind | seconds | share of model time |", "|---|---|---:|---:|"]
    for model in result.get("models", [])[:top]:
        kind = " ".join(filter(None, [model.get("language"), model.get("materialized")]))
        lines.append(
            f"| {model['name']} | {kind} | {fmt_seconds(model['seconds'])} | "
            f"{model['seconds'] / total:.0%} |"
        )
    return "\n".join(lines)


def stages_table(result: dict) -> str:
    """Markdown table of the time per stage (closure and exclusive)."""
    lines = [
        "| stage | models upstream (s) | own models (s) | own models |",
        "|---|---:|---:|---|",
    ]
    for name, stage in result.get("stages", {}).items():
        if not stage.get("present"):
            continue
        own = stage.get("exclusive_models") or []
        shown = ", ".join(own[:6]) + (f", … ({len(own)})" if len(own) > 6 else "")
        lines.append(
            f"| {name} | {fmt_seconds(stage['closure_seconds'])} | "
            f"{fmt_seconds(stage['exclusive_seconds'])} | {shown} |"
        )
    return "\n".join(lines)


def dominance_text(result: dict) -> str:
    """One sentence on what dominates the build time of this run."""
    models = result.get("models", [])
    total_models = sum(model["seconds"] for model in models)
    stages = result.get("stages", {})
    tests = (stages.get("tests") or {}).get("closure_seconds") or 0.0
    build = result.get("build", {})
    wall = build.get("wall_seconds") or 0.0
    elapsed = build.get("dbt_elapsed_seconds")
    parts = []
    top = result.get("dominant_models", [])[:3]
    if top:
        parts.append(
            "slowest models: "
            + ", ".join(
                f"{m['name']} {fmt_seconds(m['seconds'])} s ({m['share']:.0%})" for m in top
            )
        )
    parts.append(
        f"model time {fmt_seconds(total_models)} s, data tests and unit tests "
        f"{fmt_seconds(tests)} s (summed over {result.get('settings', {}).get('dbt_threads')} "
        "dbt thread(s))"
    )
    if elapsed is not None:
        parts.append(f"dbt start-up and parsing {fmt_seconds(max(wall - elapsed, 0))} s")
    return "; ".join(parts) + "."


def targets_list(result: dict) -> str:
    """Markdown bullet list of the targets and whether they are met."""
    lines = []
    for target in result.get("targets", []):
        met = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
        if not target.get("applies", True):
            met = "applies at 10M, shown for reference"
        value = target["value"]
        shown = f"{value:g}" if isinstance(value, int | float) else (value or "-")
        lines.append(f"- {target['target']}: {shown} — {met}")
    return "\n".join(lines)


def _busy(build: dict, machine: dict) -> bool:
    """Whether the load average says other work shared the cores during the build."""
    cpus = machine.get("cpus") or 1
    before = build.get("load_average_before") or 0.0
    return before > 0.5 * cpus


def code_text(code: dict | None) -> str:
    """`` of commit abc1234`` (then `` with uncommitted changes`` when the
    code differed from it) for the run line; empty when not recorded."""
    if not code:
        return ""
    text = f" of commit {code['commit'][:7]}"
    return text + (" with uncommitted changes" if code.get("uncommitted_changes") else "")


def scale_section(result: dict) -> str:
    """The markdown section of one scale."""
    data = result.get("data", {})
    rows = data.get("raw_rows", {})
    build = result.get("build", {})
    machine = result.get("machine", {})
    settings = result.get("settings", {})
    generated = (
        "reused from an earlier run"
        if data.get("reused")
        else f"generated in {fmt_seconds(data.get('generate_seconds'))} s"
    )
    status = "ok" if build.get("ok") else f"FAILED (exit {build.get('returncode')})"
    not_ok = build.get("not_ok") or []
    counts = result.get("row_counts", {})
    lines = [
        f"### {result['scale']} order lines",
        "",
        f"Run {result.get('run_at', '?')}{code_text(result.get('code'))} "
        f"on {machine.get('cpus')} cores, "
        f"{machine.get('memory_gib')} GiB (DuckDB {machine.get('duckdb')}, dbt "
        f"{machine.get('dbt_core')}); memory_limit {settings.get('memory_limit')}, "
        f"{settings.get('duckdb_threads')} DuckDB threads, "
        f"{settings.get('dbt_threads')} dbt thread(s). "
        f"Reproduce: `{result.get('command')}`.",
        "",
        f"Data: {fmt_count(rows.get('order_lines'))} order lines, "
        f"{fmt_count(rows.get('events'))} events, {fmt_count(rows.get('customers'))} "
        f"customers ({generated}).",
        "",
        f"**`dbt build`: {fmt_seconds(build.get('wall_seconds'))} s wall** "
        f"(dbt's own timer {fmt_seconds(build.get('dbt_elapsed_seconds'))} s, "
        f"CPU {fmt_seconds(build.get('cpu_seconds'))} s), {status}"
        + (
            f", {len(not_ok)} node(s) not ok: "
            + ", ".join(n["unique_id"].rsplit(".", 1)[-1] for n in not_ok[:5])
            if not_ok
            else ""
        )
        + f". Peak memory: {fmt_bytes(build.get('peak_tree_rss_bytes'))} summed over the "
        f"process tree (sampled every 0.1 s), {fmt_bytes(build.get('max_child_rss_bytes'))} "
        "largest single process (ru_maxrss)."
        + (
            f" Load average (1 min) {build['load_average_before']:.1f} before and "
            f"{build['load_average_after']:.1f} after the build"
            + (" — the machine was busy, times are inflated." if _busy(build, machine) else ".")
            if build.get("load_average_before") is not None
            and build.get("load_average_after") is not None
            else ""
        ),
        "",
        "Contract tables: "
        + ", ".join(f"{table} {fmt_count(n)}" for table, n in counts.items())
        + ".",
        "",
        comparison_table(result),
        "",
        stages_table(result),
        "",
        models_table(result),
        "",
        "What dominates: " + dominance_text(result),
        "",
        "Targets:",
        "",
        targets_list(result),
    ]
    return "\n".join(lines)


def summary_table(results: list[dict]) -> str:
    """One row per scale: the headline figures side by side."""
    lines = [
        "| scale | order lines | customers | dbt build (s) | peak memory"
        " | rfm ours / SQL / pandas (s) | pairs ours / SQL / naive / pandas (s)"
        " | floor (s) | segment_model (s) |",
        "|---|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for result in results:
        comparisons = {(r["stage"], r["reference"]): r for r in result.get("comparisons", [])}

        def cell(stage, *references, comparisons=comparisons):
            first = comparisons.get((stage, references[0]), {})
            values = [fmt_seconds(first.get("ours_seconds"))]
            values += [
                fmt_seconds(comparisons.get((stage, name), {}).get("reference_seconds"))
                for name in references
            ]
            return " / ".join(values)

        segment_model = next(
            (m["seconds"] for m in result.get("models", []) if m["name"] == "segment_model"), None
        )
        floor = (result.get("references", {}).get("floor") or {}).get("seconds")
        lines.append(
            "| {scale} | {lines} | {customers} | {build} | {memory} | {rfm} | {pairs} | "
            "{floor} | {segment_model} |".format(
                scale=result["scale"],
                lines=fmt_count(result.get("data", {}).get("raw_rows", {}).get("order_lines")),
                customers=fmt_count(result.get("row_counts", {}).get("customer_rfm")),
                build=fmt_seconds(result.get("build", {}).get("wall_seconds")),
                memory=fmt_bytes(result.get("build", {}).get("peak_tree_rss_bytes")),
                rfm=cell("rfm", "rfm_sql", "rfm_pandas"),
                pairs=cell("pairs", "pairs_sql", "pairs_sql_naive", "pairs_pandas"),
                floor=fmt_seconds(floor),
                segment_model=fmt_seconds(segment_model),
            )
        )
    return "\n".join(lines)


def incremental_builds(result: dict) -> list[tuple[str, dict]]:
    """``(label, build record)`` of the incremental scenario, in the order they ran."""
    builds = [("initial build", result["initial"])] if result.get("initial") else []
    builds += [
        (f"refresh {number}", record)
        for number, record in enumerate(result.get("refreshes", []), start=1)
    ]
    if result.get("full_rebuild"):
        builds.append(("full rebuild", result["full_rebuild"]))
    return builds


def _share(batch: dict, table: str) -> str:
    value = (batch.get("share") or {}).get(table)
    return "-" if value is None else f"{value:.2%}"


def _fits(record: dict) -> str:
    fits = record.get("fits") or {}
    if not fits:
        return "-"
    names = {"segment_model": "segments", "propensity_model": "propensity"}
    return ", ".join(f"{names.get(model, model)} {kind or '-'}" for model, kind in fits.items())


def incremental_table(result: dict, top: int = 3) -> str:
    """Markdown table: one row per build of the incremental scenario."""
    lines = [
        "| build | days | load_date | order lines | events | wall (s) | CPU (s) | dbt (s)"
        " | tests (s) | peak memory | wall / full rebuild | memory / full rebuild"
        " | fitted models | slowest models (s) |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for label, record in incremental_builds(result):
        batch = record.get("batch") or {}
        first, last = batch.get("first_day"), batch.get("load_date")
        days = f"{first} to {last}" if first and first != last else (last or "-")
        slowest = ", ".join(
            f"{model['name']} {fmt_seconds(model['seconds'])}"
            for model in (record.get("dominant_models") or [])[:top]
        )
        status = "" if record.get("ok") else f" FAILED (exit {record.get('returncode')})"
        lines.append(
            f"| {label}{status} | {days} | {batch.get('load_date', '-')} | "
            f"{_share(batch, 'order_lines')} | {_share(batch, 'events')} | "
            f"{fmt_seconds(record.get('wall_seconds'))} | "
            f"{fmt_seconds(record.get('cpu_seconds'))} | "
            f"{fmt_seconds(record.get('dbt_elapsed_seconds'))} | "
            f"{fmt_seconds(record.get('test_seconds'))} | "
            f"{fmt_bytes(record.get('peak_tree_rss_bytes'))} | "
            f"{fmt_ratio(record.get('wall_ratio'))} | {fmt_ratio(record.get('memory_ratio'))} | "
            f"{_fits(record)} | {slowest or '-'} |"
        )
    return "\n".join(lines)


def _load_text(builds: list[tuple[str, dict]], machine: dict) -> str:
    """The load averages before each build, and a warning when the machine was busy."""
    loads = [
        f"{record['load_average_before']:.1f}"
        for _, record in builds
        if record.get("load_average_before") is not None
    ]
    if not loads:
        return ""
    busy = any(_busy(record, machine) for _, record in builds)
    return f" Load average (1 min) before each build: {', '.join(loads)}" + (
        " — the machine was busy, times are inflated." if busy else "."
    )


def _fit_dependent_text(differences: dict, fit_dependent: list[str], compared: int) -> str:
    """Which differing tables hang off a fitted model, and whether the rest agree."""
    if not fit_dependent:
        return ". None of them is downstream of a fitted model."
    others = sorted(set(differences) - set(fit_dependent))
    agreeing = compared - len(differences)
    if not others:
        return (
            ". All of them are downstream of a fitted model (segment_model, "
            f"propensity_model); the other {agreeing} tables are identical."
        )
    return (
        f". Downstream of a fitted model: {', '.join(fit_dependent)}; not downstream of "
        f"one: {', '.join(others)}."
    )


def incremental_section(result: dict) -> str:
    """The markdown section of one scale's incremental scenario."""
    machine = result.get("machine", {})
    settings = result.get("settings", {})
    builds = incremental_builds(result)
    rows = (result.get("data") or {}).get("raw_rows", {})
    share = result.get("batch_share")
    compared = result.get("compared_tables", [])
    differences = result.get("differences", {})
    fit_dependent = result.get("fit_dependent_differences", [])
    if not compared:
        comparison = "Published tables: not compared (a build failed)."
    elif not differences:
        comparison = (
            f"Published tables: the {len(compared)} tables compared are identical in the "
            f"incremental warehouse and the full rebuild ({', '.join(compared)}; history "
            "tables left out)."
        )
    else:
        comparison = (
            f"Published tables: {len(differences)} of the {len(compared)} compared differ "
            "between the incremental warehouse and the full rebuild: "
            + "; ".join(f"{table} ({what})" for table, what in sorted(differences.items()))
            + _fit_dependent_text(differences, fit_dependent, len(compared))
            + f" Compared: {', '.join(compared)} (history tables left out)."
        )
    lines = [
        f"### Incremental refresh, {result['scale']} order lines",
        "",
        f"Run {result.get('run_at', '?')}{code_text(result.get('code'))} "
        f"on {machine.get('cpus')} cores, {machine.get('memory_gib')} GiB; memory_limit "
        f"{settings.get('memory_limit')}, {settings.get('duckdb_threads')} DuckDB threads, "
        f"{settings.get('dbt_threads')} dbt thread(s)"
        + ("" if settings.get("dbt_tests", True) else ", without data tests and unit tests")
        + f". Reproduce: `{result.get('command')}`.",
        "",
        f"Data: {fmt_count(rows.get('order_lines'))} order lines, "
        f"{fmt_count(rows.get('events'))} events, split into one folder per day. The "
        "initial build holds every day before the refresh batches (and the rows without "
        "a parseable or with a far-future date); each refresh adds one batch of whole "
        "trailing days"
        + (f" holding about {share:.0%} of the order lines" if share else "")
        + " (load_date = its last day) with `dbt build --selector nightly`; the full "
        "rebuild builds all folders from scratch into a new warehouse that holds only the "
        "incremental warehouse's stored fits, so it scores with the same fits and every "
        "published table is compared. Shares below are of all order lines and events."
        + _load_text(builds, machine),
        "",
        incremental_table(result),
        "",
        comparison,
        "",
        "Targets:",
        "",
        targets_list(result),
    ]
    return "\n".join(lines)


def _read_results(results_dir: Path) -> list[dict]:
    results = []
    for path in sorted(Path(results_dir).glob("*.json")):
        try:
            result = json.loads(path.read_text())
        except ValueError:
            continue
        if isinstance(result, dict) and "scale" in result and "order_lines" in result:
            results.append(result)
    return sorted(results, key=lambda result: result["order_lines"])


def load_results(results_dir: Path) -> list[dict]:
    """Every full-build result JSON of ``results_dir``, smallest scale first."""
    return [result for result in _read_results(results_dir) if "kind" not in result]


def load_incremental_results(results_dir: Path) -> list[dict]:
    """Every incremental-scenario result JSON of ``results_dir``, smallest scale first."""
    return [r for r in _read_results(results_dir) if r.get("kind") == "incremental"]


def results_block(results: list[dict], incremental: list[dict] | None = None) -> str:
    """The generated block: summary table, one section per scale, then one
    incremental-refresh section per scale that has one."""
    body = [BEGIN, "", "## Results", "", summary_table(results), ""]
    for result in results:
        body += [scale_section(result), ""]
    for result in incremental or []:
        body += [incremental_section(result), ""]
    body.append(END)
    return "\n".join(body)


def update_markdown(path: Path, results_dir: Path) -> None:
    """Rewrite the generated block of ``path`` (appended when absent) from ``results_dir``."""
    block = results_block(load_results(results_dir), load_incremental_results(results_dir))
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
