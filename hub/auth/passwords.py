"""Passwords and secrets: Argon2id hashes (argon2-cffi) and the password policy."""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106 low-memory profile

MIN_LENGTH = 10
MAX_LENGTH = 128
_CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def hash_secret(secret: str) -> str:
    return _HASHER.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


def password_problems(password: str, *, account_number: str | None = None) -> list[str]:
    """Why a new password is refused (empty: accepted). Messages are shown to the user."""
    problems = []
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        problems.append(f"密码长度应为{MIN_LENGTH}到{MAX_LENGTH}位")
    kinds = sum(any(c in chars for c in password) for chars in _CLASSES)
    has_symbol = any(not c.isalnum() for c in password)
    if kinds + has_symbol < 3:
        problems.append("密码须包含大写字母、小写字母、数字、符号中的至少三类")
    if account_number and account_number in password:
        problems.append("密码不能包含账号")
    return problems


def generate_secret(length: int = 32) -> str:
    """A random secret for partner clients and initial passwords (URL-safe)."""
    return secrets.token_urlsafe(length)
