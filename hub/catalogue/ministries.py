"""Which department code implements the national items of which issuing ministry (发布部委).

Configuration data, not law (DOMAIN.md: only 231 is fixed by the manual): the table is
`ministries.csv` beside this module, one ministry per line, as the national catalogue file
spells it. A national item whose ministry is not in the table cannot be imported (nobody
would implement it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from functools import cache
from importlib import resources

MINISTRIES_FILE = "ministries.csv"


@cache
def department_code_by_ministry() -> Mapping[str, str]:
    text = resources.files("hub.catalogue").joinpath(MINISTRIES_FILE).read_text("utf-8")
    return {row["ministry"]: row["department_code"] for row in csv.DictReader(io.StringIO(text))}


def ministries_of(department_code: str) -> list[str]:
    """The ministries whose national items a department of this code implements."""
    return sorted(m for m, c in department_code_by_ministry().items() if c == department_code)


def department_code_of(ministry: str) -> str | None:
    return department_code_by_ministry().get(ministry)
