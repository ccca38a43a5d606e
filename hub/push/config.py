"""Where `hub push` delivers each outbox topic: the `[push]` table of the connectors file
(HUB_CONNECTORS_FILE), next to the partner systems the hub reads from.

    [push]
    timeout_seconds = 5.0        # one delivery, connect to response
    batch_size = 100             # messages claimed per round
    concurrency = 8              # deliveries in flight
    backoff_seconds = 2.0        # first retry delay, doubling per attempt …
    max_backoff_seconds = 600.0  # … up to this
    lease_seconds = 60.0         # a claimed message is retried after this if its worker died

    [push.destinations.RECORD]             # one table per topic (OutboxTopic)
    base_url = "http://127.0.0.1:8704"
    token_env = "HUB_PUSH_RECORD_TOKEN"    # optional: the NAME of the variable, never the token

A topic with no destination is not delivered (its messages wait, and `hub push --status`
says so) rather than dropped.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.models import OutboxTopic

# The receiver's path per topic (the stand-in and the national interface agree on these).
TOPIC_PATHS: Mapping[OutboxTopic, str] = {
    OutboxTopic.RECORD: "/records",
    OutboxTopic.COMPLAINT_RESULT: "/complaint-results",
    OutboxTopic.LINKAGE_FEEDBACK: "/linkage-feedback",
}


class PushConfigError(ValueError):
    pass


class Destination(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str
    token_env: str | None = None

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.rstrip("/")


class PushConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    timeout_seconds: float = Field(default=5.0, gt=0)
    batch_size: int = Field(default=100, ge=1, le=1000)
    concurrency: int = Field(default=8, ge=1, le=100)
    backoff_seconds: float = Field(default=2.0, ge=0)
    max_backoff_seconds: float = Field(default=600.0, ge=0)
    lease_seconds: float = Field(default=60.0, gt=0)
    destinations: dict[OutboxTopic, Destination] = Field(default_factory=dict)

    def url(self, topic: OutboxTopic) -> str | None:
        destination = self.destinations.get(topic)
        return None if destination is None else destination.base_url + TOPIC_PATHS[topic]

    def headers(self, topic: OutboxTopic, environ: Mapping[str, str]) -> dict[str, str]:
        destination = self.destinations.get(topic)
        if destination is None or destination.token_env is None:
            return {}
        return {"Authorization": f"Bearer {environ[destination.token_env]}"}


def parse_push_config(
    text: str, *, source: str = "<connectors>", environ: Mapping[str, str] | None = None
) -> PushConfig:
    try:
        table = tomllib.loads(text).get("push", {})
        config = PushConfig.model_validate(table)
    except tomllib.TOMLDecodeError as error:
        raise PushConfigError(f"{source}: not valid TOML: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"push.{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise PushConfigError(f"{source}: {problems}") from error
    env = os.environ if environ is None else environ
    for topic, destination in config.destinations.items():
        if destination.token_env is not None and not env.get(destination.token_env):
            raise PushConfigError(
                f"{source}: push.destinations.{topic.value}.token_env: "
                f"environment variable {destination.token_env} is not set"
            )
    return config


def load_push_config(path: Path, *, environ: Mapping[str, str] | None = None) -> PushConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PushConfigError(f"{path}: cannot read the connectors file: {error}") from error
    return parse_push_config(text, source=str(path), environ=environ)
