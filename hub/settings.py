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
    database_pool_size: int = 10

    @property
    def is_dev(self) -> bool:
        return self.environment is Environment.DEV


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
