"""Synthetic identifiers for demo data: USCCs, organisation codes, resident ID numbers, phones.

Every identifier is made up from a seeded random generator; check characters are computed so
that the codes pass the same validation real ones do. The check characters themselves come
from hub.domain.uscc (GB 32100) and hub.domain.id_numbers (GB 11643), their one implementation.
"""

from __future__ import annotations

import random
from datetime import date

from hub.domain.id_numbers import check_character as resident_id_check_character
from hub.domain.id_numbers import is_valid_resident_id as is_valid_resident_id
from hub.domain.uscc import ALPHABET, check_character

# GB 11714 organisation code: eight body characters, then a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Body characters usable inside a USCC (its alphabet has no I, O, S, V, Z).
_ORG_BODY_SYMBOLS = ALPHABET
_DIGITS = "0123456789"

# USCC character 1 (registration authority) and 2 (organisation kind).
AUTHORITY_MARKET_SUPERVISION = "9"
AUTHORITY_ORGAN = "1"  # 机构编制: 机关
KIND_ENTERPRISE = "1"
KIND_INDIVIDUAL_BUSINESS = "2"
KIND_FARMER_COOPERATIVE = "3"
KIND_ORGAN = "1"  # under authority 1: 机关


def _symbol_value(symbol: str) -> int:
    return int(symbol) if symbol.isdigit() else ord(symbol) - ord("A") + 10


def organisation_check_character(body: str) -> str:
    """GB 11714: C9 = 11 - (Σ value × weight mod 11); 10 is X and 11 is 0."""
    total = sum(_symbol_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def organisation_code(body: str) -> str:
    return body + organisation_check_character(body)


def uscc(authority: str, kind: str, region_code: str, org_code: str) -> str:
    first_seventeen = authority + kind + region_code + org_code
    return first_seventeen + check_character(first_seventeen)


def random_entity_org_code(rng: random.Random) -> str:
    """Codes assigned since the USCC reform look like MA0Q4XXXX: MA, six symbols, check."""
    body = "MA" + "".join(rng.choice(_ORG_BODY_SYMBOLS) for _ in range(6))
    return organisation_code(body)


def random_organ_org_code(rng: random.Random) -> str:
    """State organs kept their old numeric organisation codes: 0 and seven digits, check."""
    body = "0" + "".join(rng.choice(_DIGITS) for _ in range(7))
    return organisation_code(body)


def random_resident_id(rng: random.Random, region_code: str, born: date, *, male: bool) -> str:
    """Region (6) + birth date (8) + sequence (3, odd for men) + MOD 11-2 check."""
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first_seventeen = f"{region_code}{born:%Y%m%d}{sequence:03d}"
    return first_seventeen + resident_id_check_character(first_seventeen)


_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "155", "156", "157", "158", "159", "176", "177", "180", "181", "182", "183", "185",
    "186", "187", "188", "189", "191", "198", "199",
)  # fmt: skip


def random_mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
