"""GB/T 2260 region codes: levels and subtrees follow from the digits themselves."""

from __future__ import annotations

import re

_REGION_CODE = re.compile(r"^\d{6}$")


def is_region_code(code: str) -> bool:
    return bool(_REGION_CODE.match(code))


def significant_prefix(code: str) -> str:
    """210000 → 21, 210100 → 2101, 210102 → 210102: the digits every code below shares."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def subtree_bounds(code: str) -> tuple[str, str]:
    """The inclusive range of six-digit codes in a region's subtree: a range that every
    database answers from a plain B-tree index, unlike LIKE on PostgreSQL non-C collations."""
    prefix = significant_prefix(code)
    width = 6 - len(prefix)
    return prefix + "0" * width, prefix + "9" * width
