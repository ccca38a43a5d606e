"""Initial passwords and partner-client secrets: shown once to the administrator who set
them, stored only as Argon2id hashes."""

from __future__ import annotations

import secrets

from hub.auth.passwords import generate_secret, hash_secret, password_problems


def initial_password() -> tuple[str, str]:
    """(password, its hash): random, and acceptable to the password policy itself; the
    holder must change it at first sign-in."""
    while True:
        password = generate_secret(12)
        if not password_problems(password):
            return password, hash_secret(password)


def partner_client_id() -> str:
    return "hub-" + secrets.token_hex(10)


def partner_client_secret() -> tuple[str, str]:
    """(secret, its hash)."""
    secret = generate_secret()
    return secret, hash_secret(secret)
