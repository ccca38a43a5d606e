"""The 统一社会信用代码 check (GB 32100-2015) in hub.domain.uscc."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.domain.uscc import (
    ALPHABET,
    UsccProblem,
    check_character,
    check_uscc,
    is_valid_uscc,
    normalize_uscc,
    region_of,
)

VALID_EXAMPLES = ("91350100M000100Y43", "91110000802100433B")


@pytest.mark.parametrize("code", VALID_EXAMPLES)
def test_the_examples_of_the_standard_are_valid(code: str) -> None:
    result = check_uscc(code)
    assert result.ok
    assert result.problem is None
    assert result.message is None
    assert check_character(code[:17]) == code[17]


def test_the_region_part_is_characters_three_to_eight() -> None:
    assert region_of("91350100M000100Y43") == "350100"


@pytest.mark.parametrize(
    "code", ["", "9135010", "91350100M000100Y4", "91350100M000100Y43A", "91350100M000100Y43 "]
)
def test_a_code_of_the_wrong_length_is_refused(code: str) -> None:
    result = check_uscc(code)
    assert result.problem is UsccProblem.WRONG_LENGTH
    assert result.message == "统一社会信用代码应为18位"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
@pytest.mark.parametrize("position", [0, 8, 17])
def test_the_five_excluded_letters_are_refused(letter: str, position: int) -> None:
    code = VALID_EXAMPLES[0]
    changed = code[:position] + letter + code[position + 1 :]
    result = check_uscc(changed)
    assert result.problem is UsccProblem.BAD_CHARACTER
    assert result.message is not None
    assert "I、O、S、V、Z" in result.message


@pytest.mark.parametrize(
    "code", ["91350100m000100y43", "91110000802100433b", "91350100M000100Y4３"]
)
def test_lower_case_and_other_characters_are_refused(code: str) -> None:
    assert check_uscc(code).problem is UsccProblem.BAD_CHARACTER


def test_what_people_type_is_normalised_before_the_check() -> None:
    assert normalize_uscc("  91350100m000100y43 ") == "91350100M000100Y43"
    assert is_valid_uscc(normalize_uscc("  91350100m000100y43 "))


def test_a_wrong_check_character_is_refused() -> None:
    result = check_uscc("91350100M000100Y44")
    assert result.problem is UsccProblem.BAD_CHECK_CHARACTER
    assert result.message == "统一社会信用代码校验位错误"


def test_a_check_value_of_thirty_one_becomes_zero() -> None:
    # Σ value × weight ≡ 0 (mod 31) gives 31 - 0 = 31, written as 0.
    assert check_character("0" * 17) == "0"
    assert is_valid_uscc("0" * 18)


SEVENTEEN = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@settings(derandomize=True, database=None, max_examples=200)
@given(SEVENTEEN)
def test_changing_any_one_character_of_a_valid_code_fails_the_check(first: str) -> None:
    code = first + check_character(first)
    assert is_valid_uscc(code)
    for position, original in enumerate(code):
        for symbol in ALPHABET:
            if symbol != original:
                changed = code[:position] + symbol + code[position + 1 :]
                assert check_uscc(changed).problem is UsccProblem.BAD_CHECK_CHARACTER, changed
