"""The hub's token signing key, and the public JWK set that lets anyone verify its tokens.

One algorithm, ES256 (ECDSA on P-256 with SHA-256, RFC 7518 §3.4): compact signatures,
supported by every JOSE library a partner system is likely to use. Verification accepts
exactly `ALLOWED_ALGORITHMS`, so `alg: none` and algorithm confusion (HS256 with the public
key as the secret) are refused before any key is looked at.

The private key comes from `HUB_JWT_PRIVATE_KEY_FILE` when set (a PEM file, never
created by the hub), or else from `<key_dir>/signing-key.pem`, generated on first use
with mode 0600. Loading is lazy, so a process that never signs or verifies a token (a
test, `hub schema`) never touches the key directory.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from joserfc.jwk import ECKey, KeySet

logger = logging.getLogger("hub.auth")

ALGORITHM: Final = "ES256"
ALLOWED_ALGORITHMS: Final = (ALGORITHM,)
CURVE: Final = "P-256"
KEY_FILE_NAME: Final = "signing-key.pem"


class KeyFileError(RuntimeError):
    """The configured key file is missing, unreadable or not a P-256 private key."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """The private key with its key id (the RFC 7638 thumbprint), and the verification set."""

    kid: str
    private_key: ECKey
    verification_keys: KeySet

    @classmethod
    def from_pem(cls, pem: bytes) -> SigningKey:
        try:
            key = ECKey.import_key(pem)
        except Exception as error:  # joserfc/cryptography raise several kinds
            raise KeyFileError(f"not an EC private key in PEM: {error}") from error
        if not key.is_private or key.curve_name != CURVE:
            raise KeyFileError(f"the signing key must be a {CURVE} private key")
        kid = key.thumbprint()
        public = ECKey.import_key(
            key.as_dict(private=False), {"kid": kid, "use": "sig", "alg": ALGORITHM}
        )
        return cls(kid=kid, private_key=key, verification_keys=KeySet([public]))

    def jwks(self) -> dict[str, Any]:
        """The public JWK set (RFC 7517 §5), as served at /.well-known/jwks.json."""
        return dict(self.verification_keys.as_dict(private=False))


def generate_pem() -> bytes:
    return ECKey.generate_key(CURVE, private=True).as_pem(private=True)


def _create_exclusively(path: Path, content: bytes) -> bool:
    """Create `path` with `content`, readable by the owner only, atomically: written to a
    temporary file first and then linked into place, so nobody reads a half-written key.
    False when the file exists already (another worker won the race: use its key)."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-key-")
    try:
        with os.fdopen(descriptor, "wb") as file:  # mkstemp: mode 0600 already
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(temporary)


def load_or_create(key_dir: Path, private_key_file: Path | None = None) -> SigningKey:
    if private_key_file is not None:
        try:
            return SigningKey.from_pem(private_key_file.read_bytes())
        except OSError as error:
            raise KeyFileError(f"cannot read {private_key_file}: {error}") from error
    path = key_dir / KEY_FILE_NAME
    if not path.exists():
        key_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _create_exclusively(path, generate_pem()):
            logger.info("已生成令牌签名密钥 %s", path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        logger.warning("签名密钥 %s 的权限为 %o，应为 600", path, mode)
    return SigningKey.from_pem(path.read_bytes())


class KeyStore:
    """The signing key of one process, loaded (or generated) at first use."""

    def __init__(self, key_dir: Path, private_key_file: Path | None = None) -> None:
        self.key_dir = key_dir
        self.private_key_file = private_key_file
        self._key: SigningKey | None = None

    def get(self) -> SigningKey:
        if self._key is None:
            self._key = load_or_create(self.key_dir, self.private_key_file)
        return self._key


__all__ = [
    "ALGORITHM",
    "ALLOWED_ALGORITHMS",
    "KeyFileError",
    "KeyStore",
    "SigningKey",
    "generate_pem",
    "load_or_create",
]
