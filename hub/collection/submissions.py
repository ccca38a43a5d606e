"""A record as submitted, before validation: plain values, the same for a department's form
and a partner system's batch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hub.models import RecordKind, SubjectCategory


@dataclass(frozen=True, slots=True)
class SubjectSubmission:
    name: str
    category: SubjectCategory
    uscc: str | None = None


@dataclass(frozen=True, slots=True)
class RecordSubmission:
    kind: RecordKind
    subject: SubjectSubmission
    document_name: str
    decision_number: str
    decision_date: date
    # The supervision item's global ID, as given (decoded and checked by validation).
    item_id: str | None = None
    remark: str | None = None
    publication_end_date: date | None = None
    # The kind's own columns, by model attribute name.
    details: Mapping[str, Any] = field(default_factory=dict)
