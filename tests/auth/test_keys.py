"""The signing key (generated once, 0600, or given) and the published JWK set."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from hub.auth.keys import ALLOWED_ALGORITHMS, KEY_FILE_NAME, KeyFileError, KeyStore, load_or_create
from hub.auth.tokens import (
    MAX_TOKEN_BYTES,
    InvalidToken,
    TokenKind,
    issue_access_token,
    verify_access_token,
)
from hub.demo import DEMO_PASSWORD
from hub.settings import Settings
from tests.auth.conftest import HubFactory


def test_exactly_one_algorithm_is_allowed() -> None:
    assert ALLOWED_ALGORITHMS == ("ES256",)


def test_a_key_is_generated_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    key_dir = tmp_path / "keys"
    first = load_or_create(key_dir)
    path = key_dir / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_dir.stat().st_mode) == 0o700
    assert [p.name for p in key_dir.iterdir()] == [KEY_FILE_NAME]  # no temporary left over
    second = load_or_create(key_dir)
    assert second.kid == first.kid


def test_the_key_store_touches_the_directory_only_when_a_key_is_needed(tmp_path: Path) -> None:
    store = KeyStore(tmp_path / "keys")
    assert not (tmp_path / "keys").exists()
    assert store.get() is store.get()
    assert (tmp_path / "keys" / KEY_FILE_NAME).exists()


def test_a_configured_key_file_is_used_and_never_created(tmp_path: Path) -> None:
    key = ECKey.generate_key("P-256", private=True)
    configured = tmp_path / "hub-signing.pem"
    configured.write_bytes(key.as_pem(private=True))
    loaded = load_or_create(tmp_path / "unused", configured)
    assert loaded.kid == key.thumbprint()
    assert not (tmp_path / "unused").exists()
    with pytest.raises(KeyFileError):
        load_or_create(tmp_path / "unused", tmp_path / "missing.pem")
    public_only = tmp_path / "public.pem"
    public_only.write_bytes(key.as_pem(private=False))
    with pytest.raises(KeyFileError):
        load_or_create(tmp_path / "unused", public_only)


def test_tokens_round_trip_and_oversized_ones_are_refused_unread(
    auth_settings: Settings, tmp_path: Path
) -> None:
    key = load_or_create(tmp_path)
    now = datetime.now(UTC)
    issued = issue_access_token(
        key, auth_settings, subject="2101002310006", kind=TokenKind.STAFF, now=now, session="s"
    )
    claims = verify_access_token(key, auth_settings, issued.value, now=now)
    assert (claims.subject, claims.kind, claims.session) == ("2101002310006", TokenKind.STAFF, "s")
    with pytest.raises(InvalidToken, match="longer than"):
        verify_access_token(key, auth_settings, "x" * (MAX_TOKEN_BYTES + 1), now=now)


async def test_the_jwk_set_publishes_the_public_key(
    make_hub: HubFactory, auth_settings: Settings
) -> None:
    # given
    hub = await make_hub()
    # when
    response = await hub.client.get("/.well-known/jwks.json")
    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    [key] = response.json()["keys"]
    assert key["kty"] == "EC"
    assert key["crv"] == "P-256"
    assert key["alg"] == "ES256"
    assert key["use"] == "sig"
    assert key["kid"] == load_or_create(auth_settings.key_dir).kid
    assert "d" not in key  # never the private part
    # and anyone can verify the hub's tokens with it
    token = (await hub.signed_in("2101002310006", DEMO_PASSWORD))["accessToken"]
    verified = jwt.decode(token, KeySet.import_key_set(response.json()), algorithms=["ES256"])
    assert verified.header["kid"] == key["kid"]
    assert verified.claims["sub"] == "2101002310006"
    assert verified.claims["kind"] == "staff"
    assert verified.claims["iss"] == auth_settings.token_issuer
    assert verified.claims["aud"] == auth_settings.token_audience
    assert verified.claims["exp"] - verified.claims["iat"] == 15 * 60
    assert {"nbf", "jti", "sid"} <= set(verified.claims)


def test_the_tests_do_not_write_into_the_repository(auth_settings: Settings) -> None:
    assert not auth_settings.key_dir.resolve().is_relative_to(Path.cwd().resolve() / "var")
