"""Which market entity a complaint is about: by the USCC the complainant gave when it is
valid and known; else by the exact name (one entity of that name, in the complaint's
region when several share it); else by a fuzzy name match. A fuzzy match is taken only
when one candidate is both good and clearly ahead; otherwise the candidates are stored
with their scores and a person chooses (`confirmComplaintEntity`).

A page of complaints is matched together: one statement for the USCCs, one for the exact
names, and one candidate search per complaint still unmatched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process
from sqlalchemy import case, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.domain.regions import subtree_bounds
from hub.domain.uscc import check_uscc, normalize_uscc
from hub.models import EntityMatch, MarketEntity
from hub.reference import regions

# A fuzzy match is taken as is from this score (0-100) on, when the next candidate is at
# least CLEAR_LEAD behind; candidates from KEEP_FROM on are kept for a person to choose.
CONFIDENT_SCORE = 90.0
CLEAR_LEAD = 8.0
KEEP_FROM = 60.0
MAX_CANDIDATES = 5
# How many names the candidate search hands to the scorer, at most.
SEARCH_LIMIT = 300

_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "个体工商户", "合作社")
_PUNCTUATION = re.compile(r"[\s·•,，。.、:：;；\"'“”‘’《》<>]+")


@cache
def _leading_region() -> re.Pattern[str]:
    """Leading administrative names (辽宁省、沈阳市、沈阳、和平区…): common to many entities,
    so they say little about which one is meant."""
    names: set[str] = set()
    for region in regions():
        names.add(region.name)
        stem = re.sub(r"(省|市|区|县|自治县)$", "", region.name)
        if len(stem) >= 2:
            names.add(stem)
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(f"^(?:{alternatives})+")


@dataclass(frozen=True, slots=True)
class Subject:
    """Who the complaint is about, as the complainant put it."""

    uscc: str | None
    name: str | None
    region_code: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    entity_id: int
    region_code: str
    score: float


@dataclass(slots=True)
class Association:
    match: EntityMatch
    entity_id: int | None = None
    entity_region_code: str | None = None
    candidates: list[Candidate] = field(default_factory=list)


def normalize_name(name: str) -> str:
    """Full-width brackets as half-width, no spaces or punctuation."""
    name = name.replace("（", "(").replace("）", ")")
    return _PUNCTUATION.sub("", name).strip()


def distinctive_part(name: str) -> str:
    """The name without leading region names and its legal form: what tells it apart."""
    core = normalize_name(name)
    for form in _LEGAL_FORMS:
        if core.endswith(form) and len(core) > len(form):
            core = core[: -len(form)]
            break
    stripped = _leading_region().sub("", core)
    return stripped if len(stripped) >= 2 else core


def search_fragments(name: str, count: int = 4) -> list[str]:
    """Two-character pieces spread over the distinctive part: an entity whose name
    contains none of them is not a plausible candidate."""
    core = distinctive_part(name)
    if len(core) <= 2:
        return [core] if core else []
    starts = sorted({round(i * (len(core) - 2) / max(count - 1, 1)) for i in range(count)})
    return list(dict.fromkeys(core[start : start + 2] for start in starts))


def score(query: str, choice: str) -> float:
    """0-100: how well an entity name fits the name the complainant gave."""
    return float(fuzz.WRatio(normalize_name(query), normalize_name(choice)))


def decide(candidates: list[Candidate]) -> Association:
    """Fuzzy candidates (best first) → a confident match, a choice for a person, or none."""
    kept = [c for c in candidates if c.score >= KEEP_FROM][:MAX_CANDIDATES]
    if not kept:
        return Association(EntityMatch.NOT_FOUND)
    best = kept[0]
    runner_up = kept[1].score if len(kept) > 1 else 0.0
    if best.score >= CONFIDENT_SCORE and best.score - runner_up >= CLEAR_LEAD:
        return Association(EntityMatch.FUZZY_NAME, best.entity_id, best.region_code, kept)
    return Association(EntityMatch.PENDING, candidates=kept)


async def associate(session: AsyncSession, subjects: Sequence[Subject]) -> list[Association]:
    """One association per subject, aligned with `subjects`."""
    found: list[Association | None] = [None] * len(subjects)
    await _by_uscc(session, subjects, found)
    await _by_exact_name(session, subjects, found)
    for index, subject in enumerate(subjects):
        if found[index] is None:
            found[index] = await _by_fuzzy_name(session, subject)
    return [association or Association(EntityMatch.NOT_FOUND) for association in found]


async def _by_uscc(
    session: AsyncSession, subjects: Sequence[Subject], found: list[Association | None]
) -> None:
    codes = {
        index: code
        for index, subject in enumerate(subjects)
        if subject.uscc and check_uscc(code := normalize_uscc(subject.uscc)).ok
    }
    if not codes:
        return
    rows = await session.execute(
        select(MarketEntity.uscc, MarketEntity.id, MarketEntity.region_code).where(
            MarketEntity.uscc.in_(set(codes.values()))
        )
    )
    by_code = {row.uscc: (row.id, row.region_code) for row in rows}
    for index, code in codes.items():
        if code in by_code:
            entity_id, region_code = by_code[code]
            found[index] = Association(EntityMatch.USCC, entity_id, region_code)


async def _by_exact_name(
    session: AsyncSession, subjects: Sequence[Subject], found: list[Association | None]
) -> None:
    names = {
        index: subject.name.strip()
        for index, subject in enumerate(subjects)
        if found[index] is None and subject.name and subject.name.strip()
    }
    if not names:
        return
    rows = await session.execute(
        select(MarketEntity.name, MarketEntity.id, MarketEntity.region_code).where(
            MarketEntity.name.in_(set(names.values()))
        )
    )
    by_name: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        by_name.setdefault(row.name, []).append((row.id, row.region_code))
    for index, name in names.items():
        entities = by_name.get(name, [])
        region = subjects[index].region_code
        if len(entities) > 1 and region:
            low, high = subtree_bounds(region)
            entities = [e for e in entities if low <= e[1] <= high] or entities
        if len(entities) == 1:
            entity_id, region_code = entities[0]
            found[index] = Association(EntityMatch.EXACT_NAME, entity_id, region_code)
        elif entities:
            same = [Candidate(entity_id, code, 100.0) for entity_id, code in entities]
            found[index] = Association(EntityMatch.PENDING, candidates=same[:MAX_CANDIDATES])


async def _by_fuzzy_name(session: AsyncSession, subject: Subject) -> Association:
    if not subject.name or not (fragments := search_fragments(subject.name)):
        return Association(EntityMatch.NOT_FOUND)
    contains = [MarketEntity.name.contains(piece, autoescape=True) for piece in fragments]
    # Names sharing more pieces first: common words (商贸, 超市) must not crowd out the
    # entity whose trade name matches when the limit cuts the list.
    shared = sum((case((piece, 1), else_=0) for piece in contains), literal(0))
    statement = (
        select(MarketEntity.id, MarketEntity.name, MarketEntity.region_code)
        .where(or_(*contains))
        .order_by(shared.desc(), MarketEntity.id)
        .limit(SEARCH_LIMIT)
    )
    if subject.region_code:
        # The complaint's city: complaints reach the province tagged with where they arose.
        city = subject.region_code[:4] + "00"
        statement = statement.where(MarketEntity.region_code.between(*subtree_bounds(city)))
    rows = (await session.execute(statement)).all()
    if not rows:
        return Association(EntityMatch.NOT_FOUND)
    names = {row.id: row.name for row in rows}
    regions = {row.id: row.region_code for row in rows}
    scored = process.extract(
        subject.name,
        names,
        scorer=fuzz.WRatio,
        processor=normalize_name,
        limit=MAX_CANDIDATES,
    )
    candidates = [
        Candidate(entity_id, regions[entity_id], round(float(value), 1))
        for _name, value, entity_id in scored
    ]
    return decide(candidates)
