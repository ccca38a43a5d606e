"""Deterministic pseudo-data derived from a key: the same USCC always gets the same answer."""

from __future__ import annotations

import hashlib


def digest(*parts: str) -> int:
    data = "|".join(parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def pick(value: int, choices: tuple[str, ...]) -> str:
    return choices[value % len(choices)]
