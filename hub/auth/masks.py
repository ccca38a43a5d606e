"""How personal data looks to those who may not read it (2101**********1234)."""

from __future__ import annotations

from hub.auth.directives import Mask


def mask_value(mask: Mask, value: str) -> str:
    match mask:
        case Mask.ID_NUMBER:
            return _keep(value, 4, 4)
        case Mask.PHONE:
            return _keep(value, 3, 4)
        case Mask.NAME:
            return _keep(value, 1, 0)


def _keep(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]
