"""The connectors file: which partner systems the hub reads, how, and what it takes from them.

A connector is configured, not coded per use. One TOML table per partner system:

    [connectors.national_credit]
    kind = "rest"                              # rest | graphql | sql
    base_url = "http://127.0.0.1:8701"         # sql: dsn = "mysql+aiomysql://reader@db/x"
    timeout_seconds = 2.0                      # the deadline of one call, retries included
    retry = { attempts = 3, backoff_seconds = 0.1, max_backoff_seconds = 1.0 }
    breaker = { failure_threshold = 5, cool_down_seconds = 30 }
    auth = { scheme = "bearer", token_env = "HUB_NATIONAL_CREDIT_TOKEN" }

    [connectors.national_credit.datasets.national_credit]
    request = { method = "POST", path = "/credit/batch", keys_field = "usccs" }
    results = "results"                        # where the items are in the response
    key = "uscc"                               # the item field holding the key
    batch_size = 50
    cache_ttl_seconds = 300
    fields = { grade = "grade", score = "score", evaluated_at = "evaluatedAt" }

Secrets never go in the file: it names the environment variables that hold them, and a
variable that is not set is an error when the file is loaded, not on the first call.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class ConnectorConfigError(ValueError):
    """The connectors file cannot be used; the message names the file, table and key."""


class ConnectorKind(StrEnum):
    REST = "rest"
    GRAPHQL = "graphql"
    SQL = "sql"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    backoff_seconds: float = 0.1
    max_backoff_seconds: float = 1.0

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1-based): doubling, capped."""
        return float(min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (retry - 1)))


@dataclass(frozen=True, slots=True)
class BreakerPolicy:
    failure_threshold: int = 5
    cool_down_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """REST: how to ask for a batch of keys (`keys_field` set: POST {keys_field: [...]}),
    or for one key (`{key}` in the path)."""

    method: str = "POST"
    path: str = "/"
    keys_field: str | None = None

    @property
    def batched(self) -> bool:
        return self.keys_field is not None


@dataclass(frozen=True, slots=True)
class DatasetConfig:
    name: str
    key: str
    fields: Mapping[str, str]
    results: str | None = None
    many: bool = False
    batch_size: int = 50
    cache_ttl_seconds: float = 60.0
    request: RequestSpec | None = None  # rest
    query: str | None = None  # graphql document or SQL statement
    keys_variable: str = "keys"  # graphql

    @property
    def batched(self) -> bool:
        return self.request.batched if self.request is not None else True


@dataclass(frozen=True, slots=True)
class ConnectorConfig:
    name: str
    kind: ConnectorKind
    url: str
    datasets: Mapping[str, DatasetConfig]
    timeout_seconds: float = 2.0
    retry: RetryPolicy = RetryPolicy()
    breaker: BreakerPolicy = BreakerPolicy()
    headers: Mapping[str, str] = field(default_factory=dict)  # with secrets resolved
    password: str | None = None  # sql, from its environment variable
    cache_max_entries: int = 10_000
    max_concurrency: int = 10


KINDS = ", ".join(kind.value for kind in ConnectorKind)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def load_connectors_file(
    path: Path, *, environ: Mapping[str, str] | None = None
) -> list[ConnectorConfig]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConnectorConfigError(f"{path}: cannot read the connectors file: {error}") from error
    return parse_connectors(text, source=str(path), environ=environ)


def parse_connectors(
    text: str, *, source: str = "<connectors>", environ: Mapping[str, str] | None = None
) -> list[ConnectorConfig]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConnectorConfigError(f"{source}: not valid TOML: {error}") from error
    env = os.environ if environ is None else environ
    tables = document.get("connectors", {})
    if not isinstance(tables, dict):
        raise ConnectorConfigError(f"{source}: `connectors` must be a table of partner systems")
    configs = [_Reader(source, name, env).connector(table) for name, table in tables.items()]
    seen: dict[str, str] = {}
    for config in configs:
        for dataset in config.datasets:
            if dataset in seen:
                raise ConnectorConfigError(
                    f"{source}: dataset {dataset!r} is provided by both {seen[dataset]!r} "
                    f"and {config.name!r}; a dataset has one provider"
                )
            seen[dataset] = config.name
    return configs


class _Reader:
    """Reads one connector table; every error message names where it is."""

    def __init__(self, source: str, name: str, environ: Mapping[str, str]) -> None:
        self.source = source
        self.name = name
        self.environ = environ

    def fail(self, where: str, message: str) -> ConnectorConfigError:
        return ConnectorConfigError(f"{self.source}: [connectors.{self.name}] {where}: {message}")

    def connector(self, table: Any) -> ConnectorConfig:
        if not _NAME.match(self.name):
            raise self.fail("name", "use lower-case letters, digits and underscores")
        if not isinstance(table, dict):
            raise self.fail("table", "must be a table")
        raw_kind = table.get("kind")
        try:
            kind = ConnectorKind(str(raw_kind))
        except ValueError:
            raise self.fail("kind", f"{raw_kind!r} is not one of {KINDS}") from None
        url_key = "dsn" if kind is ConnectorKind.SQL else "base_url"
        url = self.string(table, url_key, required=True)
        assert url is not None
        if kind is not ConnectorKind.SQL and not url.startswith(("http://", "https://")):
            raise self.fail(url_key, f"{url!r} is not an http(s) URL")
        datasets_table = table.get("datasets")
        if not isinstance(datasets_table, dict) or not datasets_table:
            raise self.fail("datasets", "name at least one dataset ([connectors.X.datasets.Y])")
        datasets = {name: self.dataset(kind, name, spec) for name, spec in datasets_table.items()}
        headers, password = self.auth(kind, table.get("auth"))
        retry_table = self.table(table, "retry")
        breaker_table = self.table(table, "breaker")
        return ConnectorConfig(
            name=self.name,
            kind=kind,
            url=url,
            datasets=datasets,
            timeout_seconds=self.number(table, "timeout_seconds", 2.0, minimum=0.001),
            retry=RetryPolicy(
                attempts=int(self.number(retry_table, "retry.attempts", 3, minimum=1)),
                backoff_seconds=self.number(retry_table, "retry.backoff_seconds", 0.1),
                max_backoff_seconds=self.number(retry_table, "retry.max_backoff_seconds", 1.0),
            ),
            breaker=BreakerPolicy(
                failure_threshold=int(
                    self.number(breaker_table, "breaker.failure_threshold", 5, minimum=1)
                ),
                cool_down_seconds=self.number(breaker_table, "breaker.cool_down_seconds", 30.0),
            ),
            headers=headers,
            password=password,
            cache_max_entries=int(self.number(table, "cache_max_entries", 10_000, minimum=0)),
            max_concurrency=int(self.number(table, "max_concurrency", 10, minimum=1)),
        )

    def dataset(self, kind: ConnectorKind, name: str, spec: Any) -> DatasetConfig:
        where = f"datasets.{name}"
        if not _NAME.match(name):
            raise self.fail(where, "use lower-case letters, digits and underscores")
        if not isinstance(spec, dict):
            raise self.fail(where, "must be a table")
        fields = spec.get("fields")
        if (
            not isinstance(fields, dict)
            or not fields
            or not all(isinstance(v, str) for v in fields.values())
        ):
            raise self.fail(
                f"{where}.fields",
                "map each graph field to a response path, e.g. { grade = 'grade' }",
            )
        key = self.string(spec, "key", required=True, where=f"{where}.key")
        assert key is not None
        request: RequestSpec | None = None
        query: str | None = None
        if kind is ConnectorKind.REST:
            request_table = self.table(spec, "request", where=f"{where}.request")
            method = str(request_table.get("method", "POST")).upper()
            if method not in {"GET", "POST"}:
                raise self.fail(f"{where}.request.method", f"{method!r} is not GET or POST")
            path = str(request_table.get("path", "/"))
            keys_field = request_table.get("keys_field")
            if keys_field is None and "{key}" not in path:
                raise self.fail(
                    f"{where}.request",
                    "give keys_field (a batch endpoint) or put {key} in the path (one key a call)",
                )
            if keys_field is not None and method != "POST":
                raise self.fail(f"{where}.request", "a batch request (keys_field) is a POST")
            request = RequestSpec(
                method=method, path=path, keys_field=None if keys_field is None else str(keys_field)
            )
        else:
            query = self.string(spec, "query", required=True, where=f"{where}.query")
            if kind is ConnectorKind.SQL:
                assert query is not None
                self.check_read_only(where, query)
        return DatasetConfig(
            name=name,
            key=key,
            fields=dict(fields),
            results=self.string(spec, "results", where=f"{where}.results"),
            many=bool(spec.get("many", False)),
            batch_size=int(self.number(spec, f"{where}.batch_size", 50, minimum=1)),
            cache_ttl_seconds=self.number(spec, f"{where}.cache_ttl_seconds", 60.0),
            request=request,
            query=query,
            keys_variable=str(spec.get("keys_variable", "keys")),
        )

    def check_read_only(self, where: str, query: str) -> None:
        statement = query.strip().rstrip(";").strip()
        if not re.match(r"(?is)^(select|with)\b", statement) or ";" in statement:
            raise self.fail(f"{where}.query", "a SQL connector runs one SELECT statement only")
        if ":keys" not in statement:
            raise self.fail(f"{where}.query", "the statement must use :keys, e.g. WHERE x IN :keys")

    def auth(self, kind: ConnectorKind, spec: Any) -> tuple[dict[str, str], str | None]:
        if spec is None:
            return {}, None
        if not isinstance(spec, dict):
            raise self.fail("auth", "must be a table")
        for key, value in spec.items():
            if key in {"token", "password", "secret", "value", "api_key"}:
                raise self.fail(
                    f"auth.{key}",
                    f"secrets do not go in the file: name an environment variable ({key}_env)",
                )
            if key.endswith("_env") and not isinstance(value, str):
                raise self.fail(f"auth.{key}", "must name an environment variable")
        scheme = spec.get("scheme")
        if kind is ConnectorKind.SQL:
            if scheme not in (None, "password"):
                raise self.fail("auth.scheme", "a SQL connector takes password_env only")
            return {}, self.secret("auth.password_env", spec.get("password_env"))
        match scheme:
            case "bearer":
                token = self.secret("auth.token_env", spec.get("token_env"))
                return {"Authorization": f"Bearer {token}"}, None
            case "header":
                header = self.string(spec, "header", required=True, where="auth.header")
                assert header is not None
                return {header: self.secret("auth.value_env", spec.get("value_env"))}, None
            case _:
                raise self.fail("auth.scheme", f"{scheme!r} is not bearer or header")

    def secret(self, where: str, variable: Any) -> str:
        if not isinstance(variable, str) or not variable:
            raise self.fail(where, "name the environment variable that holds the secret")
        value = self.environ.get(variable)
        if not value:
            raise self.fail(where, f"environment variable {variable} is not set")
        return value

    def table(
        self, parent: dict[str, Any], key: str, *, where: str | None = None
    ) -> dict[str, Any]:
        value = parent.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(where or key, "must be a table")
        return value

    def string(
        self, table: dict[str, Any], key: str, *, required: bool = False, where: str | None = None
    ) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where or key, "is required (a non-empty string)")
        return value

    def number(
        self, table: dict[str, Any], where: str, default: float, *, minimum: float = 0.0
    ) -> float:
        value = table.get(where.rsplit(".", 1)[-1], default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(where, f"{value!r} is not a number >= {minimum:g}")
        return float(value)
