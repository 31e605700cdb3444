"""Read dbt's ``run_results.json`` and ``manifest.json`` into per-node and per-stage times.

A *stage* is the work needed to produce one published table from the raw
files: the summed execution time of the table and of every model upstream of
it (views cost almost nothing to create; their work is done by the tables that
read them). Stages overlap (customer_features includes customer_rfm), so for
"what dominates" every model is also assigned to exactly one stage: the first,
in :data:`STAGES` order, whose closure holds it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

#: Stage name -> the published models whose upstream closure forms it.
STAGES: dict[str, tuple[str, ...]] = {
    "rfm": ("customer_rfm",),
    "pairs": ("product_pairs",),
    "features": ("customer_features",),
    "segments": ("customer_segments", "segment_profiles"),
}

#: Published tables of the data contract, counted after the build.
CONTRACT_TABLES = (
    "customer_rfm",
    "customer_features",
    "product_pairs",
    "customer_segments",
    "segment_profiles",
)


#: Node statuses that are not a problem (``no-op``: exposures and the like).
OK_STATUSES = ("success", "pass", "no-op")


@dataclass(frozen=True)
class NodeTiming:
    """One executed dbt node.

    Attributes
    ----------
    unique_id : str
        dbt's id, e.g. ``model.segments.customer_rfm``.
    name : str
        Last part of the id (model, test or seed name).
    resource_type : str
        ``model``, ``test``, ``unit_test``, ``seed``, ``snapshot``, ``operation``...
    status : str
        dbt's status (``success``, ``pass``, ``fail``, ``error``, ``skipped``...).
    execution_time : float
        Seconds dbt spent on the node (compile + execute).
    materialized : str or None
        ``table``, ``view``, ``incremental``... for models (from the manifest).
    language : str or None
        ``sql`` or ``python`` for models.
    """

    unique_id: str
    name: str
    resource_type: str
    status: str
    execution_time: float
    materialized: str | None = None
    language: str | None = None

    def to_dict(self) -> dict:
        """The timing as a JSON-ready dict."""
        return asdict(self)


def resource_type_of(unique_id: str) -> str:
    """The resource type prefix of a dbt unique id (``model.pkg.name`` -> ``model``)."""
    return unique_id.split(".", 1)[0]


def parse_run_results(run_results: dict, manifest: dict | None = None) -> list[NodeTiming]:
    """Per-node timings of a ``run_results.json`` document.

    Parameters
    ----------
    run_results : dict
        Parsed ``run_results.json``.
    manifest : dict, optional
        Parsed ``manifest.json`` of the same run, for materialisation and
        language of models.

    Returns
    -------
    list of NodeTiming
        In the order of ``run_results.json``.
    """
    nodes = (manifest or {}).get("nodes", {})
    timings = []
    for result in run_results.get("results", []):
        unique_id = result["unique_id"]
        node = nodes.get(unique_id, {})
        config = node.get("config", {}) or {}
        timings.append(
            NodeTiming(
                unique_id=unique_id,
                name=node.get("name") or unique_id.rsplit(".", 1)[-1],
                resource_type=node.get("resource_type") or resource_type_of(unique_id),
                status=str(result.get("status")),
                execution_time=float(result.get("execution_time") or 0.0),
                materialized=config.get("materialized"),
                language=node.get("language"),
            )
        )
    return timings


def upstream_models(manifest: dict, model_names: tuple[str, ...]) -> set[str]:
    """Unique ids of the named models and every model upstream of them.

    Models absent from the manifest are ignored (the DAG may not have them yet).
    """
    by_name = {
        node["name"]: unique_id
        for unique_id, node in manifest.get("nodes", {}).items()
        if node.get("resource_type") == "model"
    }
    parents = manifest.get("parent_map", {})
    stack = [by_name[name] for name in model_names if name in by_name]
    seen: set[str] = set()
    while stack:
        unique_id = stack.pop()
        if unique_id in seen or resource_type_of(unique_id) != "model":
            continue
        seen.add(unique_id)
        stack.extend(parents.get(unique_id, []))
    return seen


def stage_times(timings: list[NodeTiming], manifest: dict) -> dict[str, dict]:
    """Closure and exclusive time per stage of :data:`STAGES`, plus ``other``.

    Returns
    -------
    dict
        ``{stage: {"models": [...], "closure_seconds": s, "exclusive_seconds": s,
        "exclusive_models": [...], "present": bool}}``; ``present`` is false
        when none of the stage's published models exists. ``other`` holds the
        models in no stage; ``tests`` the data tests and unit tests.
    """
    model_time = {t.unique_id: t.execution_time for t in timings if t.resource_type == "model"}
    assigned: set[str] = set()
    stages: dict[str, dict] = {}
    for stage, targets in STAGES.items():
        closure = upstream_models(manifest, targets) & model_time.keys()
        exclusive = sorted(closure - assigned)
        assigned |= closure
        stages[stage] = {
            "targets": list(targets),
            "present": bool(closure),
            "closure_seconds": round(sum(model_time[u] for u in closure), 3),
            "exclusive_seconds": round(sum(model_time[u] for u in exclusive), 3),
            "models": sorted(u.rsplit(".", 1)[-1] for u in closure),
            "exclusive_models": [u.rsplit(".", 1)[-1] for u in exclusive],
        }
    rest = sorted(model_time.keys() - assigned)
    stages["other"] = {
        "targets": [],
        "present": bool(rest),
        "closure_seconds": round(sum(model_time[u] for u in rest), 3),
        "exclusive_seconds": round(sum(model_time[u] for u in rest), 3),
        "models": [u.rsplit(".", 1)[-1] for u in rest],
        "exclusive_models": [u.rsplit(".", 1)[-1] for u in rest],
    }
    test_seconds = sum(
        t.execution_time for t in timings if t.resource_type in ("test", "unit_test")
    )
    stages["tests"] = {
        "targets": [],
        "present": test_seconds > 0,
        "closure_seconds": round(test_seconds, 3),
        "exclusive_seconds": round(test_seconds, 3),
        "models": [],
        "exclusive_models": [],
    }
    return stages


def summarise_timings(timings: list[NodeTiming]) -> dict:
    """Counts and summed seconds per resource type, and non-successful nodes."""
    by_type: dict[str, dict] = {}
    for timing in timings:
        entry = by_type.setdefault(timing.resource_type, {"count": 0, "seconds": 0.0})
        entry["count"] += 1
        entry["seconds"] = round(entry["seconds"] + timing.execution_time, 3)
    problems = [
        {"unique_id": t.unique_id, "status": t.status}
        for t in timings
        if t.status not in OK_STATUSES
    ]
    return {"by_resource_type": by_type, "not_ok": problems}


def load_target(target_path: Path) -> tuple[dict, dict]:
    """``(run_results, manifest)`` parsed from a dbt target directory."""
    run_results = json.loads((Path(target_path) / "run_results.json").read_text())
    manifest_path = Path(target_path) / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    return run_results, manifest
