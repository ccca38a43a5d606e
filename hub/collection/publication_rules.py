"""公示 rules that follow from a record's kind and dates: how long it is published when no
end date is given, and by when it must be published.

Sources and assumptions (DOMAIN.md, publication rules):
- Deadline: 行政许可 and 行政处罚 are published within 7 working days of the decision
  (发改办财金〔2018〕424号, 双公示). Counted in working days of the official calendar
  (hub.domain.working_days), the decision day not counted. Other kinds have no national
  deadline: none is computed for them. The deadline is reported, never enforced: a late
  record is still published, and the oversight statistics count it as late.
- Default publication period (公示期), applied at entry, import and partner submission
  when no end date is given:
  - 行政处罚: three years from the decision. 《市场监督管理行政处罚信息公示规定》
    (总局令第45号) art. 14 ends the publicity of penalty information after three years
    (after three months for a mere 通报批评 or a low fine, which needs the case's judgment:
    the clerk gives that shorter end date); 国家发展改革委令2023年第58号 has the same
    three-year maximum for serious breaches. Counted from the decision date (assumption:
    58号令 counts from the decision; it keeps the period independent of publication day).
  - 行政许可: until the license's validity ends (有效期至); no end when it has none.
  - 违法失信(黑名单): until the removal date (移出日期), when one is known.
  - 行政检查、行政备案、行政强制: no default (published until revoked or withdrawn).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from hub.domain.working_days import add_working_days, beijing_date
from hub.models import RecordKind

PUBLICATION_WORKING_DAYS = 7
PENALTY_PUBLICATION_YEARS = 3
DEADLINE_KINDS = frozenset({RecordKind.LICENSE, RecordKind.PENALTY})


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_publication_end(
    kind: RecordKind, decision_date: date, details: Mapping[str, Any]
) -> date | None:
    """The end of the publication period when the submission gives none."""
    if kind is RecordKind.PENALTY:
        return _years_after(decision_date, PENALTY_PUBLICATION_YEARS)
    if kind is RecordKind.LICENSE:
        valid_to: date | None = details.get("valid_to")
        return valid_to
    if kind is RecordKind.BLACKLIST:
        removal: date | None = details.get("removal_date")
        return removal
    return None


def publication_deadline(kind: RecordKind, decision_date: date) -> date | None:
    """The last day the record may be published on (双公示: 7 working days)."""
    if kind not in DEADLINE_KINDS:
        return None
    return add_working_days(decision_date, PUBLICATION_WORKING_DAYS)


def published_within_deadline(
    kind: RecordKind, decision_date: date, published_at: datetime | None, today: date
) -> bool | None:
    """True / False once it is known (published, or the deadline passed unpublished);
    None when no deadline applies or it has not passed yet."""
    deadline = publication_deadline(kind, decision_date)
    if deadline is None:
        return None
    if published_at is not None:
        return beijing_date(published_at) <= deadline
    return False if today > deadline else None
