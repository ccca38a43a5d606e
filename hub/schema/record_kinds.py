"""The registry from record kind to its GraphQL type: exhaustive, so a new kind that
forgets its type fails at import, not at the first query that meets one."""

from __future__ import annotations

from hub import models
from hub.schema.blacklist import BlacklistEntry
from hub.schema.enforcements import Enforcement
from hub.schema.filings import Filing
from hub.schema.inspections import Inspection
from hub.schema.licenses import License
from hub.schema.penalties import Penalty
from hub.schema.records import SupervisionRecord

RECORD_TYPES: dict[models.RecordKind, type[SupervisionRecord]] = {
    models.RecordKind.LICENSE: License,
    models.RecordKind.INSPECTION: Inspection,
    models.RecordKind.FILING: Filing,
    models.RecordKind.PENALTY: Penalty,
    models.RecordKind.ENFORCEMENT: Enforcement,
    models.RecordKind.BLACKLIST: BlacklistEntry,
}

_missing = set(models.RecordKind) - set(RECORD_TYPES)
if _missing:
    raise RuntimeError(f"record kinds without a GraphQL type: {sorted(_missing)}")


def record_from_model(record: models.SupervisionRecord) -> SupervisionRecord:
    return RECORD_TYPES[record.kind].from_model(record)
