"""The random draw, as pure functions of (seed, plan id, pool snapshot, roster snapshot).

Specified in docs/random-draw.md; anyone holding the plan's stored snapshots and seed can
run `compute_draw` again (or reimplement it from the document) and get the same picks.
Nothing here reads the database or the clock."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

ALGORITHM = "sha256-rank-v1"
SEPARATOR = "|"


class DrawImpossible(Exception):
    """Fewer eligible objects or inspectors than the plan asks for."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An object of the pool: its key (USCC), entity id, and the departments that
    inspected it within the plan's exclusion window before the draw."""

    key: str
    entity_id: int
    recently_inspected_by: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """An inspector of the roster: key (执法证号), id and department."""

    key: str
    inspector_id: int
    department_id: int
    # One person may be enrolled by two departments: never twice on one object.
    user_id: int


@dataclass(frozen=True, slots=True)
class Pick:
    """One drawn object and its inspectors, each in the order drawn."""

    object_key: str
    entity_id: int
    inspector_keys: tuple[str, ...]
    inspector_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    picks: tuple[Pick, ...]
    # Objects passed over, in rank order, because too few inspectors were eligible.
    passed_over: tuple[str, ...]


def rank(seed: str, plan_id: int, *keys: str) -> str:
    """SHA-256 (hex) of UTF-8 `seed|plan id|key…`: the lower, the earlier it is drawn."""
    text = SEPARATOR.join((seed, str(plan_id), *keys))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compute_draw(
    seed: str,
    plan_id: int,
    candidates: list[Candidate],
    roster: list[RosterEntry],
    object_count: int,
    inspectors_per_object: int,
) -> DrawOutcome:
    """Objects in ascending rank; for each, the eligible inspectors (not of a department
    that inspected it within the window) in ascending rank of (object key, inspector key),
    the first `inspectors_per_object` of them, skipping a person already chosen for the
    object (enrolled by two departments). An object with too few eligible inspectors
    is passed over and the next one taken, until `object_count` objects are drawn."""
    if inspectors_per_object < 2:
        raise DrawImpossible("每个检查对象至少需要2名执法检查人员")
    ordered_objects = sorted(candidates, key=lambda c: (rank(seed, plan_id, c.key), c.key))
    picks: list[Pick] = []
    passed_over: list[str] = []
    for candidate in ordered_objects:
        if len(picks) == object_count:
            break
        excluded = set(candidate.recently_inspected_by)
        eligible = [entry for entry in roster if entry.department_id not in excluded]
        eligible.sort(key=lambda e: (rank(seed, plan_id, candidate.key, e.key), e.key))
        chosen: list[RosterEntry] = []
        for entry in eligible:
            if len(chosen) == inspectors_per_object:
                break
            if all(entry.user_id != other.user_id for other in chosen):
                chosen.append(entry)
        if len(chosen) < inspectors_per_object:
            passed_over.append(candidate.key)
            continue
        picks.append(
            Pick(
                object_key=candidate.key,
                entity_id=candidate.entity_id,
                inspector_keys=tuple(entry.key for entry in chosen),
                inspector_ids=tuple(entry.inspector_id for entry in chosen),
            )
        )
    if len(picks) < object_count:
        raise DrawImpossible(
            f"符合条件的检查对象只有{len(picks)}个（需要{object_count}个），请调整对象范围或抽取数量"
        )
    return DrawOutcome(tuple(picks), tuple(passed_over))


# --- snapshots: what the plan stores, as JSON ----------------------------------------------


def pool_snapshot(
    filter_used: dict[str, Any], as_of: str, candidates: list[Candidate]
) -> dict[str, Any]:
    ordered = sorted(candidates, key=lambda c: c.key)
    return {
        "algorithm": ALGORITHM,
        "filter": filter_used,
        "asOf": as_of,
        "candidates": [
            {
                "key": c.key,
                "entityId": c.entity_id,
                "recentlyInspectedBy": sorted(c.recently_inspected_by),
            }
            for c in ordered
        ],
    }


def roster_snapshot(roster: list[RosterEntry]) -> dict[str, Any]:
    ordered = sorted(roster, key=lambda e: e.key)
    return {
        "inspectors": [
            {
                "key": e.key,
                "inspectorId": e.inspector_id,
                "departmentId": e.department_id,
                "userId": e.user_id,
            }
            for e in ordered
        ]
    }


def candidates_of(snapshot: dict[str, Any]) -> list[Candidate]:
    return [
        Candidate(
            key=str(row["key"]),
            entity_id=int(row["entityId"]),
            recently_inspected_by=tuple(int(d) for d in row["recentlyInspectedBy"]),
        )
        for row in snapshot["candidates"]
    ]


def roster_of(snapshot: dict[str, Any]) -> list[RosterEntry]:
    return [
        RosterEntry(
            key=str(row["key"]),
            inspector_id=int(row["inspectorId"]),
            department_id=int(row["departmentId"]),
            user_id=int(row["userId"]),
        )
        for row in snapshot["inspectors"]
    ]


def digest(seed: str, plan_id: int, pool: dict[str, Any], roster: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of everything the draw depends on."""
    canonical = json.dumps(
        {"seed": seed, "planId": plan_id, "pool": pool, "roster": roster},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
