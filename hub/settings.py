"""One settings object, read from `HUB_*` environment variables (and an optional `.env`)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


class Environment(StrEnum):
    DEV = "dev"
    PROD = "prod"


def _default_database_url() -> str:
    return f"sqlite+aiosqlite:///{VAR_DIR / 'hub.sqlite3'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_", env_file=".env", extra="ignore")

    database_url: str = Field(default_factory=_default_database_url)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Literal["debug", "info", "warning", "error", "critical"] = "info"
    environment: Environment = Environment.DEV

    # Baseline protections of the GraphQL endpoint; generous for real portal queries,
    # tight enough that one request cannot ask for the whole database.
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_page_size: int = 100
    default_page_size: int = 20
    document_cache_size: int = 1024
    # Loaders of one request run concurrently, each on its own pooled connection.
    database_pool_size: int = 20

    # Sign-in (issue 3). The signing key (ES256) is generated on first use into `key_dir`
    # (0600), unless `jwt_private_key_file` names a PEM private key to use instead.
    key_dir: Path = VAR_DIR / "keys"
    jwt_private_key_file: Path | None = None
    token_issuer: str = "urn:hub"
    token_audience: str = "urn:hub:graphql"
    access_token_lifetime_seconds: int = Field(default=15 * 60, ge=30, le=24 * 3600)
    # Absolute: rotating a refresh token does not extend the sign-in beyond this.
    refresh_token_lifetime_seconds: int = Field(default=12 * 3600, ge=60)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=15 * 60, ge=1)
    # Attempt limits (the `limits` notation), checked before any password hash is
    # computed: per client address and per account (or partner client id).
    login_rate_limit_per_address: str = "30/minute"
    login_rate_limit_per_account: str = "10/minute"
    # Where the attempt counters live: in the process by default; with several workers
    # use a shared store, e.g. `async+redis://host:6379` (needs the `coredis` package).
    rate_limit_storage_uri: str = "async+memory://"

    # Partner systems read at query time (issue 5): the connectors file (see
    # connectors.example.toml); None reads no partner system.
    connectors_file: Path | None = PROJECT_ROOT / "connectors.example.toml"

    # 监管投诉: how often the running server pulls the national complaint feed (seconds;
    # 0 = never, as in tests: `hub complaints pull` pulls by hand; the page size is the
    # feed dataset's `limit` in the connectors file), and the handling deadline (days) of a
    # complaint dispatched by hand.
    complaint_feed_pull_seconds: float = Field(default=0, ge=0)
    complaint_deadline_days: int = Field(default=15, ge=1, le=365)

    @property
    def is_dev(self) -> bool:
        return self.environment is Environment.DEV


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
