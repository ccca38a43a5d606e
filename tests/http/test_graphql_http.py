"""The GraphQL-over-HTTP endpoint, the probes and the baseline protections."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import orjson
import pytest
import strawberry
from graphql import get_introspection_query, parse, validate
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from starlette.applications import Starlette
from starlette.requests import Request
from strawberry.extensions import SchemaExtension
from strawberry.types import Info

from hub.errors import BadUserInput, Forbidden, HubError, NotFound
from hub.http import HubSchema, create_app, graphql_extensions
from hub.http.graphql_http import (
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    is_json_content_type,
    negotiate,
    prefers_html,
)
from hub.settings import Environment, Settings

ClientFactory = Callable[[Starlette], httpx.AsyncClient]
SettingsFactory = Callable[..., Settings]

SECRET = "SELECT password FROM users WHERE id = 42"


# --- The test schema --------------------------------------------------------------


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def child(self) -> Item:
        return Item(name=f"{self.name}>")


@dataclass
class Context:
    request: Request
    closed: list[bool] = field(default_factory=list)

    async def aclose(self) -> None:
        self.closed.append(True)


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, name: str = "世界") -> str:
        return f"你好，{name}"

    @strawberry.field
    def item(self) -> Item:
        return Item(name="根")

    @strawberry.field
    def boom(self) -> str | None:
        raise RuntimeError(SECRET)

    @strawberry.field
    def required_boom(self) -> str:
        raise RuntimeError(SECRET)

    @strawberry.field
    def bad_input(self) -> str | None:
        raise BadUserInput("编号格式不对", field="id")

    @strawberry.field
    def missing(self) -> str | None:
        raise NotFound("找不到该企业")

    @strawberry.field
    def secret(self) -> str | None:
        raise Forbidden("无权查看")

    @strawberry.field
    def custom(self) -> str | None:
        raise HubError("配额已用完", "QUOTA_EXCEEDED", retryAfter=30)

    @strawberry.field
    def request_path(self, info: Info[Context, None]) -> str:
        return info.context.request.url.path


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add(self, a: int, b: int) -> int:
        return a + b


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncGenerator[int, None]:
        yield 1


CONTEXTS: list[Context] = []


async def context_getter(request: Request) -> Context:
    context = Context(request=request)
    CONTEXTS.append(context)
    return context


def build_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    getter: Callable[[Request], Any] = context_getter,
    **options: Any,
) -> Starlette:
    schema = HubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=graphql_extensions(settings),
    )
    return create_app(
        settings=settings, schema=schema, context_getter=getter, engine=engine, **options
    )


@pytest.fixture
def dev_client(make_settings: SettingsFactory, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(build_app(make_settings()))


@pytest.fixture
def prod_client(make_settings: SettingsFactory, client_for: ClientFactory) -> httpx.AsyncClient:
    return client_for(build_app(make_settings(environment=Environment.PROD)))


def body_of(response: httpx.Response) -> dict[str, Any]:
    """The JSON body, after checking that every error carries `extensions.code`."""
    body = orjson.loads(response.content)
    assert isinstance(body, dict)
    for error in body.get("errors", []):
        assert isinstance(error["message"], str)
        assert error["message"]
        assert isinstance(error["extensions"]["code"], str), error
    return body


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in body_of(response)["errors"]]


async def post(
    client: httpx.AsyncClient,
    payload: Any,
    *,
    accept: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    all_headers = {"content-type": "application/json"}
    if accept is not None:
        all_headers["accept"] = accept
    all_headers.update(headers or {})
    return await client.post("/graphql", content=orjson.dumps(payload), headers=all_headers)


# --- Content negotiation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, GRAPHQL_RESPONSE_JSON),
        ("", GRAPHQL_RESPONSE_JSON),
        ("*/*", GRAPHQL_RESPONSE_JSON),
        ("application/*", GRAPHQL_RESPONSE_JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        ("application/json", APPLICATION_JSON),
        ("application/json; charset=utf-8", APPLICATION_JSON),
        ("APPLICATION/JSON", APPLICATION_JSON),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json;q=0.5", APPLICATION_JSON),
        ("application/json;q=0.9, */*;q=0.1", APPLICATION_JSON),
        ("application/graphql-response+json;q=0, application/json", APPLICATION_JSON),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", GRAPHQL_RESPONSE_JSON),
        ("text/plain", None),
        ("application/json;q=0", None),
        ("application/json;q=abc", None),
        ("*/*;q=0", None),
        ("application/xml, text/html", None),
        (",,;", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
        ("text/html", True),
        ("text/html;q=0.5, application/json", False),
        ("*/*", False),
        ("application/json", False),
        (None, False),
        ("text/html;q=0", False),
    ],
)
def test_prefers_html(accept: str | None, expected: bool) -> None:
    assert prefers_html(accept) is expected


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("Application/JSON; Charset=UTF-8", True),
        ('application/json; charset="utf-8"', True),
        ("application/json; charset=latin-1", False),
        ("application/json; boundary=x", False),
        ("application/graphql", False),
        ("text/plain", False),
        ("application/x-www-form-urlencoded", False),
        ("", False),
    ],
)
def test_json_content_type(content_type: str, expected: bool) -> None:
    assert is_json_content_type(content_type) is expected


async def test_no_accept_gets_graphql_response_json(dev_client: httpx.AsyncClient) -> None:
    response = await post(dev_client, {"query": "{ hello }"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("*/*", "application/graphql-response+json; charset=utf-8"),
        ("application/graphql-response+json", "application/graphql-response+json; charset=utf-8"),
        ("application/json", "application/json; charset=utf-8"),
        (
            "application/graphql-response+json, application/json;q=0.9",
            "application/graphql-response+json; charset=utf-8",
        ),
    ],
)
async def test_accept_picks_the_media_type(
    dev_client: httpx.AsyncClient, accept: str, content_type: str
) -> None:
    response = await post(dev_client, {"query": "{ hello }"}, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


@pytest.mark.parametrize("accept", ["text/plain", "application/xml", "application/json;q=0"])
async def test_unacceptable_accept_is_406(dev_client: httpx.AsyncClient, accept: str) -> None:
    response = await post(dev_client, {"query": "{ hello }"}, accept=accept)
    assert response.status_code == 406
    assert codes(response) == ["NOT_ACCEPTABLE"]
    response = await dev_client.get(
        "/graphql", params={"query": "{ hello }"}, headers={"accept": accept}
    )
    assert response.status_code == 406


async def test_utf8_in_and_out(dev_client: httpx.AsyncClient) -> None:
    response = await post(
        dev_client,
        {
            "query": 'query ($n: String!) { hello(name: $n) __type(name: "Run🏃") { name } }',
            "variables": {"n": "监管🏊"},
        },
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200
    assert response.content.decode("utf-8")
    assert body_of(response) == {"data": {"hello": "你好，监管🏊", "__type": None}}


# --- Status codes after GraphQL errors ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ hello(", None, "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("{ ...Unknown }", None, "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            None,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        ("query ($n: String!) { hello(name: $n) }", {"n": None}, "BAD_USER_INPUT"),
        ("query ($n: String!) { hello(name: $n) }", {}, "BAD_USER_INPUT"),
        ("query ($n: String!) { hello(name: $n) }", {"n": [1, 2]}, "BAD_USER_INPUT"),
        ("query A { hello } query B { hello }", None, "OPERATION_RESOLUTION_FAILURE"),
    ],
)
async def test_request_errors_by_media_type(
    dev_client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    payload = {"query": query, "variables": variables}
    response = await post(dev_client, payload)
    assert response.status_code == 400
    body = body_of(response)
    assert "data" not in body
    assert codes(response)[0] == code

    legacy = await post(dev_client, payload, accept="application/json")
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == "application/json; charset=utf-8"
    assert "data" not in body_of(legacy)
    assert codes(legacy)[0] == code


async def test_unknown_operation_name(dev_client: httpx.AsyncClient) -> None:
    response = await post(dev_client, {"query": "query A { hello }", "operationName": "B"})
    assert response.status_code == 400
    assert codes(response) == ["OPERATION_RESOLUTION_FAILURE"]
    response = await post(
        dev_client, {"query": "query A { hello } query B { item { name } }", "operationName": "B"}
    )
    assert body_of(response) == {"data": {"item": {"name": "根"}}}


async def test_field_errors_keep_status_200(prod_client: httpx.AsyncClient) -> None:
    response = await post(prod_client, {"query": "{ hello boom }"})
    assert response.status_code == 200
    body = body_of(response)
    assert body["data"] == {"hello": "你好，世界", "boom": None}
    assert body["errors"][0]["path"] == ["boom"]

    # A non-null field error nulls `data` itself: execution started, so still 200.
    response = await post(prod_client, {"query": "{ hello requiredBoom }"})
    assert response.status_code == 200
    body = body_of(response)
    assert "data" in body
    assert body["data"] is None
    assert codes(response) == ["INTERNAL_SERVER_ERROR"]


# --- Error masking and codes --------------------------------------------------------


async def test_prod_masks_unexpected_errors(
    prod_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="hub.graphql"):
        response = await post(prod_client, {"query": "{ boom }"})
    assert response.status_code == 200
    assert SECRET not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    [error] = body_of(response)["errors"]
    assert error["message"] == "内部错误"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert error["path"] == ["boom"]
    # Logged server-side, with the traceback.
    [record] = [r for r in caplog.records if r.name == "hub.graphql"]
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)


async def test_dev_keeps_the_message_but_no_traceback(
    dev_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="hub.graphql"):
        response = await post(dev_client, {"query": "{ boom }"})
    [error] = body_of(response)["errors"]
    assert error["message"] == SECRET
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "Traceback" not in response.text
    assert any(r.exc_info for r in caplog.records if r.name == "hub.graphql")


@pytest.mark.parametrize("environment", [Environment.DEV, Environment.PROD])
@pytest.mark.parametrize(
    ("field_name", "message", "extensions"),
    [
        ("badInput", "编号格式不对", {"code": "BAD_USER_INPUT", "field": "id"}),
        ("missing", "找不到该企业", {"code": "NOT_FOUND"}),
        ("secret", "无权查看", {"code": "FORBIDDEN"}),
        ("custom", "配额已用完", {"code": "QUOTA_EXCEEDED", "retryAfter": 30}),
    ],
)
async def test_deliberate_errors_keep_message_and_code(
    make_settings: SettingsFactory,
    client_for: ClientFactory,
    caplog: pytest.LogCaptureFixture,
    environment: Environment,
    field_name: str,
    message: str,
    extensions: dict[str, Any],
) -> None:
    client = client_for(build_app(make_settings(environment=environment)))
    with caplog.at_level(logging.DEBUG, logger="hub.graphql"):
        response = await post(client, {"query": f"{{ {field_name} hello }}"})
    assert response.status_code == 200
    body = body_of(response)
    assert body["data"] == {field_name: None, "hello": "你好，世界"}
    [error] = body["errors"]
    assert error["message"] == message
    assert error["extensions"] == extensions
    assert error["path"] == [field_name]
    # Not an incident: not logged as an error.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_hub_error_classes() -> None:
    error = BadUserInput("x", field="id")
    assert error.code == "BAD_USER_INPUT"
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "id"}
    assert str(error) == "x"
    assert isinstance(NotFound("x"), HubError)
    assert NotFound("x").http_status == 404
    assert Forbidden("x").http_status == 403
    assert HubError("x", "SOMETHING").extensions == {"code": "SOMETHING"}


async def test_every_error_has_a_code(
    prod_client: httpx.AsyncClient, dev_client: httpx.AsyncClient
) -> None:
    payloads: list[Any] = [
        {"query": "{ boom badInput missing secret custom }"},
        {"query": "{"},
        {"query": "{ nope }"},
        {"query": "query ($a: Int!) { hello }"},
        {"query": "query ($a: Int!) { add(a: $a, b: 1) }", "variables": {"a": "x"}},
        {"query": "mutation { add(a: 1, b: 2) }", "operationName": "Nope"},
        {"nope": 1},
        [{"query": "{ hello }"}],
        "just a string",
    ]
    for client in (prod_client, dev_client):
        for payload in payloads:
            response = await post(client, payload)
            assert response.status_code < 500
            assert codes(response), payload


# --- HTTP-level request errors ------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/graphql",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
        "multipart/form-data; boundary=x",
    ],
)
async def test_unsupported_content_type_is_415(
    dev_client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    response = await dev_client.post("/graphql", content=b'{"query": "{ hello }"}', headers=headers)
    assert response.status_code == 415
    assert codes(response) == ["UNSUPPORTED_MEDIA_TYPE"]
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"


@pytest.mark.parametrize(
    ("body", "accept"),
    [
        (b"", None),
        (b"{", None),
        (b'{ "not a JSON', "application/json"),
        (b"\xff\xfe\xfd", None),
        (b"null", None),
        (b"42", None),
        (b'"{ hello }"', None),
        (b'[{"query": "{ hello }"}]', None),
        (b"[]", None),
        (b"[" * 5000 + b"]" * 5000, None),
        (b'{"query": null}', None),
        (b'{"query": ""}', None),
        (b'{"query": "  "}', None),
        (b'{"qeury": "{ hello }"}', None),
        (b'{"query": {"obj": "ect"}}', None),
        (b'{"query": 0}', None),
        (b'{"query": false}', None),
        (b'{"query": ["array"]}', None),
        (b'{"query": "{ hello }", "variables": "string"}', None),
        (b'{"query": "{ hello }", "variables": 0}', None),
        (b'{"query": "{ hello }", "variables": false}', None),
        (b'{"query": "{ hello }", "variables": ["array"]}', None),
        (b'{"query": "{ hello }", "operationName": {"obj": "ect"}}', None),
        (b'{"query": "{ hello }", "operationName": 0}', None),
        (b'{"query": "{ hello }", "operationName": false}', None),
        (b'{"query": "{ hello }", "operationName": ["array"]}', None),
        (b'{"query": "{ hello }", "extensions": "string"}', None),
        (b'{"query": "{ hello }", "extensions": 0}', None),
        (b'{"query": "{ hello }", "extensions": ["array"]}', "application/json"),
    ],
)
async def test_malformed_requests_are_400(
    dev_client: httpx.AsyncClient, body: bytes, accept: str | None
) -> None:
    headers = {"content-type": "application/json"}
    if accept:
        headers["accept"] = accept
    response = await dev_client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]
    assert "data" not in body_of(response)


@pytest.mark.parametrize("parameter", ["variables", "operationName", "extensions"])
async def test_null_parameters_are_allowed(dev_client: httpx.AsyncClient, parameter: str) -> None:
    response = await post(dev_client, {"query": "{ hello }", parameter: None})
    assert response.status_code == 200
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


async def test_extensions_map_is_allowed(dev_client: httpx.AsyncClient) -> None:
    response = await post(dev_client, {"query": "{ hello }", "extensions": {"some": "value"}})
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


async def test_body_over_the_limit_is_413(dev_client: httpx.AsyncClient) -> None:
    padding = " " * (1024 * 1024)
    response = await post(dev_client, {"query": "{ hello }" + padding})
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ hello }'
        for _ in range(20):
            yield b" " * 65536
        yield b'"}'

    # Without Content-Length (chunked), the limit holds while reading.
    response = await dev_client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]

    # Just under the limit is fine.
    response = await post(dev_client, {"query": "{ hello }" + " " * (1024 * 1024 - 100)})
    assert response.status_code == 200


async def test_body_limit_is_configurable(
    make_settings: SettingsFactory, client_for: ClientFactory
) -> None:
    client = client_for(build_app(make_settings(), max_body_size=64))
    response = await post(client, {"query": "{ hello }" + " " * 64})
    assert response.status_code == 413
    response = await post(client, {"query": "{ hello }"})
    assert response.status_code == 200


async def test_bad_content_length_is_400(dev_client: httpx.AsyncClient) -> None:
    response = await dev_client.post(
        "/graphql",
        content=b'{"query": "{ hello }"}',
        headers={"content-type": "application/json", "content-length": "abc"},
    )
    assert response.status_code == 400


# --- Methods and GET ---------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
async def test_other_methods_are_405(dev_client: httpx.AsyncClient, method: str) -> None:
    response = await dev_client.request(method, "/graphql")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    if method != "HEAD":
        assert codes(response) == ["METHOD_NOT_ALLOWED"]


async def test_get_query(dev_client: httpx.AsyncClient) -> None:
    response = await dev_client.get(
        "/graphql",
        params={
            "query": "query Greet($n: String!) { hello(name: $n) }",
            "variables": '{"n": "GET"}',
            "operationName": "Greet",
            "extensions": '{"some": "value"}',
        },
    )
    assert response.status_code == 200
    assert body_of(response) == {"data": {"hello": "你好，GET"}}

    response = await dev_client.get(
        "/graphql", params={"query": "{ hello }"}, headers={"accept": "application/json"}
    )
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


@pytest.mark.parametrize(
    "params",
    [
        [],
        [("query", "")],
        [("query", "{ hello }"), ("variables", "{not json")],
        [("query", "{ hello }"), ("variables", "[1]")],
        [("query", "{ hello }"), ("variables", '"string"')],
        [("query", "{ hello }"), ("extensions", "0")],
        [("query", "{ hello }"), ("query", "{ item { name } }")],
    ],
)
async def test_get_malformed_is_400(
    dev_client: httpx.AsyncClient, params: list[tuple[str, str]]
) -> None:
    response = await dev_client.get(
        "/graphql",
        params=tuple(params),
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    ("query", "operation_name"),
    [
        ("mutation { add(a: 1, b: 2) }", None),
        ("mutation { __typename }", None),
        ("query Q { hello } mutation M { add(a: 1, b: 2) }", "M"),
        ("subscription { ticks }", None),
    ],
)
async def test_get_refuses_mutations_with_405(
    dev_client: httpx.AsyncClient, query: str, operation_name: str | None
) -> None:
    params = {"query": query}
    if operation_name:
        params["operationName"] = operation_name
    for accept in ("application/graphql-response+json", "application/json"):
        response = await dev_client.get("/graphql", params=params, headers={"accept": accept})
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert codes(response) == ["METHOD_NOT_ALLOWED"]


async def test_mutation_over_post(dev_client: httpx.AsyncClient) -> None:
    response = await post(dev_client, {"query": "mutation { add(a: 1, b: 2) }"})
    assert response.status_code == 200
    assert body_of(response) == {"data": {"add": 3}}


async def test_subscription_over_post_is_refused(dev_client: httpx.AsyncClient) -> None:
    response = await post(dev_client, {"query": "subscription { ticks }"})
    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


# --- GraphiQL -----------------------------------------------------------------------

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


async def test_graphiql_in_dev(dev_client: httpx.AsyncClient) -> None:
    response = await dev_client.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()
    # Not for API clients.
    response = await dev_client.get("/graphql", headers={"accept": "application/json"})
    assert response.status_code == 400
    response = await dev_client.get("/graphql", params={"query": "{ hello }"})
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


async def test_graphiql_loads_nothing_from_outside(dev_client: httpx.AsyncClient) -> None:
    # The hub runs on closed networks: the page's scripts and styles come from the hub,
    # byte for byte the files the page's integrity hashes name.
    page = (await dev_client.get("/graphql", headers={"accept": BROWSER_ACCEPT})).text
    assets = re.findall(r'(?:src|href)="(/graphiql-assets/[^"]+)"\s+integrity="([^"]+)"', page)
    assert len(assets) == 7
    assert "unpkg.com" not in page
    for path, integrity in assets:
        response = await dev_client.get(path)
        assert response.status_code == 200, path
        algorithm, expected = integrity.split("-", 1)
        digest = base64.b64encode(hashlib.new(algorithm, response.content).digest()).decode()
        assert digest == expected, path


async def test_no_graphiql_in_prod(prod_client: httpx.AsyncClient) -> None:
    response = await prod_client.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    assert response.status_code == 400
    assert "text/html" not in response.headers["content-type"]
    assert "graphiql" not in response.text.lower()
    response = await prod_client.get(
        "/graphql", params={"query": "{ hello }"}, headers={"accept": BROWSER_ACCEPT}
    )
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


# --- Context ------------------------------------------------------------------------


async def test_context_has_the_request_and_is_closed(dev_client: httpx.AsyncClient) -> None:
    CONTEXTS.clear()
    response = await post(dev_client, {"query": "{ requestPath }"})
    assert body_of(response) == {"data": {"requestPath": "/graphql"}}
    [context] = CONTEXTS
    assert context.closed == [True]
    # Also after a request error.
    response = await post(dev_client, {"query": "{ nope }"})
    assert response.status_code == 400
    assert CONTEXTS[-1].closed == [True]


async def test_context_getter_errors(
    make_settings: SettingsFactory, client_for: ClientFactory
) -> None:
    async def forbidding(_request: Request) -> Context:
        raise Forbidden("请先登录")

    async def broken(_request: Request) -> Context:
        raise RuntimeError(SECRET)

    client = client_for(build_app(make_settings(environment=Environment.PROD), getter=forbidding))
    response = await post(client, {"query": "{ hello }"})
    assert response.status_code == 403
    assert body_of(response)["errors"][0]["message"] == "请先登录"
    assert codes(response) == ["FORBIDDEN"]

    client = client_for(build_app(make_settings(environment=Environment.PROD), getter=broken))
    response = await post(client, {"query": "{ hello }"})
    assert response.status_code == 500
    assert SECRET not in response.text
    assert codes(response) == ["INTERNAL_SERVER_ERROR"]


def test_schema_without_the_guard_is_refused(make_settings: SettingsFactory) -> None:
    schema = strawberry.Schema(query=Query)
    with pytest.raises(ValueError, match="graphql_extensions"):
        create_app(
            settings=make_settings(), schema=schema, context_getter=context_getter, engine=None
        )


async def test_plain_strawberry_schema_works(
    make_settings: SettingsFactory, client_for: ClientFactory
) -> None:
    settings = make_settings(environment=Environment.PROD)
    schema = strawberry.Schema(query=Query, extensions=graphql_extensions(settings))
    app = create_app(settings=settings, schema=schema, context_getter=context_getter, engine=None)
    client = client_for(app)
    response = await post(client, {"query": "{ hello badInput }"})
    assert response.status_code == 200
    assert codes(response) == ["BAD_USER_INPUT"]


class FailingValidation(SchemaExtension):
    """Stands for a broken extension: an unexpected error before execution."""

    def on_validate(self) -> Iterator[None]:
        raise RuntimeError(SECRET)
        yield  # pragma: no cover


@pytest.mark.parametrize("environment", [Environment.DEV, Environment.PROD])
async def test_unexpected_error_before_execution_is_500(
    make_settings: SettingsFactory, client_for: ClientFactory, environment: Environment
) -> None:
    settings = make_settings(environment=environment)
    schema = HubSchema(query=Query, extensions=[*graphql_extensions(settings), FailingValidation])
    app = create_app(settings=settings, schema=schema, context_getter=context_getter, engine=None)
    for accept in ("application/graphql-response+json", "application/json"):
        response = await post(client_for(app), {"query": "{ hello }"}, accept=accept)
        assert response.status_code == 500
        body = body_of(response)
        assert "data" not in body
        assert codes(response) == ["INTERNAL_SERVER_ERROR"]
        assert (SECRET in response.text) is (environment is Environment.DEV)


# --- Limits -------------------------------------------------------------------------


def nested(depth: int) -> str:
    """A query of `depth` levels of fields: `{ item { child { ... { name } } } }`."""
    inner = "name"
    for _ in range(depth - 2):
        inner = f"child {{ {inner} }}"
    return f"{{ item {{ {inner} }} }}"


async def test_depth_limit(make_settings: SettingsFactory, client_for: ClientFactory) -> None:
    client = client_for(build_app(make_settings(max_query_depth=5)))
    response = await post(client, {"query": nested(5)})
    assert response.status_code == 200
    assert "errors" not in body_of(response)

    response = await post(client, {"query": nested(6)})
    assert response.status_code == 400
    [error] = body_of(response)["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "depth": 6, "maxDepth": 5}
    assert "6" in error["message"]
    assert "5" in error["message"]

    # Fragments count where they are spread.
    response = await post(
        client,
        {
            "query": "{ item { ...A } } fragment A on Item { child { ...B } }"
            " fragment B on Item { child { child { child { name } } } }"
        },
    )
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_DEEP"]

    # The legacy media type keeps 200, with the same error.
    response = await post(client, {"query": nested(6)}, accept="application/json")
    assert response.status_code == 200
    assert codes(response) == ["QUERY_TOO_DEEP"]


async def test_alias_limit(make_settings: SettingsFactory, client_for: ClientFactory) -> None:
    client = client_for(build_app(make_settings(max_aliases=3)))
    aliases = " ".join(f"h{i}: hello" for i in range(3))
    response = await post(client, {"query": f"{{ {aliases} }}"})
    assert response.status_code == 200

    aliases = " ".join(f"h{i}: hello" for i in range(4))
    response = await post(client, {"query": f"{{ {aliases} }}"})
    assert response.status_code == 400
    [error] = body_of(response)["errors"]
    assert error["extensions"] == {"code": "TOO_MANY_ALIASES", "aliases": 4, "maxAliases": 3}

    # Through fragments, as often as they are spread.
    response = await post(
        client,
        {"query": "{ a: item { ...F } b: item { ...F } } fragment F on Item { x: name }"},
    )
    assert response.status_code == 400
    assert codes(response) == ["TOO_MANY_ALIASES"]


async def test_token_limit(make_settings: SettingsFactory, client_for: ClientFactory) -> None:
    client = client_for(build_app(make_settings(max_tokens=20)))
    response = await post(client, {"query": "{ " + "hello " * 10 + "}"})
    assert response.status_code == 200
    response = await post(client, {"query": "{ " + "hello " * 30 + "}"})
    assert response.status_code == 400
    [error] = body_of(response)["errors"]
    assert error["extensions"] == {"code": "TOO_MANY_TOKENS", "maxTokens": 20}
    # Comments count too: they cost the parser as much.
    response = await post(client, {"query": "{ hello " + "#c\n" * 30 + "}"})
    assert response.status_code == 400
    assert codes(response) == ["TOO_MANY_TOKENS"]


async def test_repeated_fields_are_refused_before_validation(
    dev_client: httpx.AsyncClient,
) -> None:
    # OverlappingFieldsCanBeMerged would compare these pairwise (seconds of CPU).
    fields = " ".join(f'hello(name: "{i}")' for i in range(800))
    response = await post(dev_client, {"query": f"{{ {fields} }}"})
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    # A field repeated a few times, as colocated fragments do, is fine.
    response = await post(
        dev_client,
        {
            "query": "{ hello ...A ...B }"
            " fragment A on Query { hello } fragment B on Query { hello }"
        },
    )
    assert body_of(response) == {"data": {"hello": "你好，世界"}}


async def test_introspection(prod_client: httpx.AsyncClient) -> None:
    # GraphiQL's introspection query passes the default limits ...
    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    response = await post(prod_client, {"query": query})
    assert response.status_code == 200
    assert body_of(response)["data"]["__schema"]["queryType"]["name"] == "Query"
    # ... but not a recursion through introspection.
    response = await post(
        prod_client,
        {
            "query": "{ __schema { types { fields { type { fields {"
            " type { fields { name } } } } } } } }"
        },
    )
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_DEEP"]


async def test_pathological_documents_are_4xx(
    make_settings: SettingsFactory, client_for: ClientFactory
) -> None:
    client = client_for(build_app(make_settings(max_tokens=100_000)))
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(1500))
    queries = [
        "{ ...F0 } " + chain + " fragment F1500 on Query { hello }",
        "{" * 5000 + "}" * 5000,
        "{ item " + "{ child " * 2000 + "{ name }" + " }" * 2001,
        "\x00",
        '{ hello(name: "\\uD800") }',
    ]
    for query in queries:
        response = await post(client, {"query": query})
        assert 400 <= response.status_code < 500, response.text[:200]
        assert codes(response)


# --- Parse and validation cache -----------------------------------------------------


@dataclass
class Calls:
    parse: int = 0
    validate: int = 0
    strawberry_parse: int = 0


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Counts calls of graphql-core's parse and validate, wherever they come from."""
    counted = Calls()

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            setattr(counted, name, getattr(counted, name) + 1)
            return function(*args, **kwargs)

        return wrapper

    # Our parse, Strawberry's own parse (skipped when the guard parsed) and the
    # `validate` that Strawberry's `validate_document` (ours too) calls.
    monkeypatch.setattr("hub.http.protections.parse", counting("parse", parse))
    monkeypatch.setattr("strawberry.schema.schema.parse", counting("strawberry_parse", parse))
    monkeypatch.setattr("strawberry.schema.schema.validate", counting("validate", validate))
    return counted


async def test_repeated_documents_skip_parse_and_validation(
    dev_client: httpx.AsyncClient, calls: Calls
) -> None:
    query = "query Greet($n: String!) { hello(name: $n) item { name } }"
    response = await post(dev_client, {"query": query, "variables": {"n": "一"}})
    assert body_of(response)["data"]["hello"] == "你好，一"
    assert (calls.parse, calls.validate) == (1, 1)

    for name in ("二", "三"):
        response = await post(dev_client, {"query": query, "variables": {"n": name}})
        assert body_of(response)["data"]["hello"] == f"你好，{name}"
    response = await dev_client.get("/graphql", params={"query": query, "variables": '{"n": "四"}'})
    assert body_of(response)["data"]["hello"] == "你好，四"
    assert (calls.parse, calls.validate) == (1, 1)

    # Another text is another document.
    response = await post(dev_client, {"query": "{ hello }"})
    assert response.status_code == 200
    assert (calls.parse, calls.validate) == (2, 2)
    # Strawberry's own parse never runs.
    assert calls.strawberry_parse == 0


async def test_invalid_documents_are_cached_too(
    dev_client: httpx.AsyncClient, calls: Calls
) -> None:
    for _ in range(3):
        response = await post(dev_client, {"query": "{ nope }"})
        assert response.status_code == 400
        assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert (calls.parse, calls.validate) == (1, 1)


async def test_cache_is_bounded(
    make_settings: SettingsFactory, client_for: ClientFactory, calls: Calls
) -> None:
    client = client_for(build_app(make_settings(document_cache_size=2)))
    for query in ("{ hello }", "{ item { name } }", "{ __typename }", "{ hello }"):
        response = await post(client, {"query": query})
        assert response.status_code == 200
    assert calls.parse == 4

    client = client_for(build_app(make_settings(document_cache_size=0)))
    for _ in range(2):
        await post(client, {"query": "{ hello }"})
    assert calls.parse == 6


async def test_cache_is_per_schema(
    make_settings: SettingsFactory, client_for: ClientFactory, calls: Calls
) -> None:
    first = client_for(build_app(make_settings()))
    second = client_for(build_app(make_settings()))
    for client in (first, second, first, second):
        response = await post(client, {"query": "{ hello }"})
        assert response.status_code == 200
    assert calls.validate == 2


async def test_concurrent_requests(dev_client: httpx.AsyncClient) -> None:
    queries = [f'{{ hello(name: "{i % 7}") }}' for i in range(60)]
    responses = await asyncio.gather(*(post(dev_client, {"query": q}) for q in queries))
    for query, response in zip(queries, responses, strict=True):
        name = query.split('"')[1]
        assert body_of(response) == {"data": {"hello": f"你好，{name}"}}


# --- Health probes ------------------------------------------------------------------


@contextlib.asynccontextmanager
async def sqlite_engine(url: str = "sqlite+aiosqlite://") -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def test_healthz(dev_client: httpx.AsyncClient) -> None:
    response = await dev_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_without_database(dev_client: httpx.AsyncClient) -> None:
    response = await dev_client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_with_database(
    make_settings: SettingsFactory, client_for: ClientFactory
) -> None:
    async with sqlite_engine() as engine:
        client = client_for(build_app(make_settings(), engine=engine))
        response = await client.get("/readyz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("environment", [Environment.DEV, Environment.PROD])
async def test_readyz_unreachable_database(
    make_settings: SettingsFactory,
    client_for: ClientFactory,
    tmp_path: Any,
    environment: Environment,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/no/such/dir/hub.sqlite3"
    async with sqlite_engine(url) as engine:
        client = client_for(build_app(make_settings(environment=environment), engine=engine))
        response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "OperationalError" in body["reason"]
    if environment is Environment.PROD:
        # Driver messages can carry paths, hosts, users: not in prod.
        assert str(tmp_path) not in body["reason"]


async def test_readyz_timeout(make_settings: SettingsFactory, client_for: ClientFactory) -> None:
    class HangingEngine:
        @contextlib.asynccontextmanager
        async def connect(self) -> AsyncIterator[None]:
            await asyncio.sleep(10)
            yield

    app = build_app(
        make_settings(), engine=cast(AsyncEngine, HangingEngine()), readiness_timeout=0.05
    )
    response = await client_for(app).get("/readyz")
    assert response.status_code == 503
    assert "0.05" in response.json()["reason"]
