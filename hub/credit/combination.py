"""How the overall grade is made from the hub's evaluation and the national platform's.

The rule: the worse of the two grades (D is worst). A grade steers how closely an entity is
supervised (抽查比例和频次); when two authorities disagree, supervising by the more
cautious one never under-supervises an entity either of them finds risky. When only one
part is available (the national platform has not evaluated the entity, or cannot be
reached at query time) the overall grade is that part's, and `basis` says so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from hub.models import CreditGrade

RULE: Final = "综合等级取本平台评价与国家平台评价中较差的一个（D最差）；只有一方评价时取该方等级。"
_ORDER: Final = {CreditGrade.A: 0, CreditGrade.B: 1, CreditGrade.C: 2, CreditGrade.D: 3}


class CombinationBasis(enum.StrEnum):
    BOTH = "BOTH"
    HUB_ONLY = "HUB_ONLY"
    NATIONAL_ONLY = "NATIONAL_ONLY"


@dataclass(frozen=True, slots=True)
class Combined:
    grade: CreditGrade
    basis: CombinationBasis


def combine(hub: CreditGrade | None, national: CreditGrade | None) -> Combined | None:
    if hub is not None and national is not None:
        worse = hub if _ORDER[hub] >= _ORDER[national] else national
        return Combined(worse, CombinationBasis.BOTH)
    if hub is not None:
        return Combined(hub, CombinationBasis.HUB_ONLY)
    if national is not None:
        return Combined(national, CombinationBasis.NATIONAL_ONLY)
    return None
