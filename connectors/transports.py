"""How each kind of connector asks its partner for a batch of keys. A transport makes one
attempt and returns the partner's items (JSON objects or rows); deadlines, retries and the
breaker are the connector's business."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import quote

import httpx
from sqlalchemy import bindparam, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from connectors.config import ConnectorConfig, ConnectorKind, DatasetConfig
from connectors.errors import CallFailed

Item = dict[str, Any]


class Transport(Protocol):
    async def fetch(self, dataset: DatasetConfig, keys: Sequence[str]) -> list[Item]: ...

    async def aclose(self) -> None: ...


def dig(value: Any, path: str | None) -> Any:
    """`a.b.c` inside nested objects; None when any step is missing."""
    if not path:
        return value
    for step in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def _items(body: Any, path: str | None) -> list[Item]:
    found = dig(body, path)
    if found is None:
        return []
    if isinstance(found, dict):
        found = [found]
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise CallFailed(f"unexpected response shape at {path or 'the root'}", transient=False)
    return found


class _HttpTransport:
    """One pooled HTTP/1.1 keep-alive client per connector, created on first use."""

    def __init__(self, config: ConnectorConfig) -> None:
        self.config = config
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self.config.url,
                headers={"Accept": "application/json", **self.config.headers},
                timeout=httpx.Timeout(self.config.timeout_seconds),
                limits=httpx.Limits(
                    max_connections=self.config.max_concurrency,
                    max_keepalive_connections=self.config.max_concurrency,
                ),
            )
        return self._client

    async def send(self, method: str, path: str, json: Any = None) -> httpx.Response | None:
        """The response; None for a 404 (the partner knows nothing of it)."""
        try:
            response = await self.client.request(method, path, json=json)
        except httpx.TimeoutException as error:
            raise TimeoutError(str(error) or "timed out") from error
        except httpx.TransportError as error:
            raise CallFailed(f"{type(error).__name__}: {error}", transient=True) from error
        if response.status_code == 404:
            return None
        if response.status_code >= 500 or response.status_code == 429:
            raise CallFailed(f"HTTP {response.status_code}", transient=True)
        if response.status_code >= 400:
            raise CallFailed(f"HTTP {response.status_code}", transient=False)
        if response.status_code >= 300:
            # Redirects are not followed: a partner that moved is a configuration error.
            raise CallFailed(f"HTTP {response.status_code} (redirect)", transient=False)
        return response

    @staticmethod
    def body(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as error:
            raise CallFailed("the response is not JSON", transient=False) from error

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


class RestTransport(_HttpTransport):
    async def fetch(self, dataset: DatasetConfig, keys: Sequence[str]) -> list[Item]:
        request = dataset.request
        assert request is not None
        if request.keys_field is not None:
            response = await self.send("POST", request.path, {request.keys_field: list(keys)})
        else:
            (key,) = keys
            path = request.path.replace("{key}", quote(key, safe=""))
            response = await self.send(request.method, path)
        return [] if response is None else _items(self.body(response), dataset.results)


class GraphQLTransport(_HttpTransport):
    async def fetch(self, dataset: DatasetConfig, keys: Sequence[str]) -> list[Item]:
        document = {"query": dataset.query, "variables": {dataset.keys_variable: list(keys)}}
        # The configured URL is the endpoint itself: posting to "" would go to the base URL
        # with the trailing slash httpx adds (…/graphql/), which servers redirect or refuse.
        response = await self.send("POST", self.config.url, document)
        if response is None:
            raise CallFailed("HTTP 404 from the GraphQL endpoint", transient=False)
        body = self.body(response)
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            first = errors[0].get("message") if isinstance(errors[0], dict) else errors[0]
            raise CallFailed(f"GraphQL error: {first}", transient=False)
        return _items(body, dataset.results or "data")


class SqlTransport:
    """A read-only database: one SELECT per batch, `:keys` expanded to the batch's keys, in a
    connection whose session is read-only where the dialect allows (MySQL/MariaDB,
    PostgreSQL) and whose transaction is always rolled back."""

    def __init__(self, config: ConnectorConfig) -> None:
        self.config = config
        self._engine: AsyncEngine | None = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            url = make_url(self.config.url)
            if self.config.password is not None:
                url = url.set(password=self.config.password)
            connect_args: dict[str, Any] = {}
            backend = url.get_backend_name()
            if backend == "postgresql":
                connect_args["server_settings"] = {"default_transaction_read_only": "on"}
            engine = create_async_engine(
                url,
                pool_size=self.config.max_concurrency,
                pool_pre_ping=True,
                connect_args=connect_args,
            )
            if backend in {"mysql", "mariadb"}:
                event.listen(engine.sync_engine, "connect", _mysql_read_only)
            self._engine = engine
        return self._engine

    async def fetch(self, dataset: DatasetConfig, keys: Sequence[str]) -> list[Item]:
        assert dataset.query is not None
        statement = text(dataset.query).bindparams(bindparam("keys", expanding=True))
        try:
            async with self.engine.connect() as connection:
                result = await connection.execute(statement, {"keys": list(keys)})
                rows = [dict(row._mapping) for row in result]
                await connection.rollback()
        except (OperationalError, InterfaceError) as error:
            raise CallFailed(f"database unavailable: {error.orig}", transient=True) from error
        except DBAPIError as error:
            transient = error.connection_invalidated
            raise CallFailed(f"database error: {error.orig}", transient=transient) from error
        except SQLAlchemyError as error:
            raise CallFailed(f"database error: {error}", transient=False) from error
        except OSError as error:
            raise CallFailed(f"database unreachable: {error}", transient=True) from error
        return rows

    async def aclose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None


def _mysql_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION TRANSACTION READ ONLY")
    cursor.close()


def transport_for(config: ConnectorConfig) -> Transport:
    match config.kind:
        case ConnectorKind.REST:
            return RestTransport(config)
        case ConnectorKind.GRAPHQL:
            return GraphQLTransport(config)
        case ConnectorKind.SQL:
            return SqlTransport(config)
