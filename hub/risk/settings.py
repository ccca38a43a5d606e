"""Settings of risk monitoring (environment variables with the HUB_RISK_ prefix)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RiskSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HUB_RISK_", extra="ignore")

    # Seconds between the served process's own evaluations of every enabled model over
    # every entity; unset (the default, and in tests): no periodic evaluation in the
    # process — schedule `hub risk evaluate` instead (cron, a systemd timer).
    evaluation_interval_seconds: float | None = Field(default=None, gt=0)
