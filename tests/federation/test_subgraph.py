"""The hub as an Apollo Federation 2 subgraph.

In process: `_service { sdl }` declares `MarketEntity @key(fields: "uscc")`, and
`_entities` resolves MarketEntity representations through the same validation, loader,
row policy and field-level `@visibility` as `entity(uscc)`.

Across processes: `compose_and_query.mjs` composes the running hub's SDL with a second
subgraph using the real `@apollo/composition`, starts a real `@apollo/gateway` over
both and runs a query crossing them. Without `node`/`npm` on PATH that test is skipped,
unless `CI` is set.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import strawberry
from sqlalchemy import select

from hub.auth.permissions import Permission
from hub.auth.viewer import PUBLIC, Viewer
from hub.db import SessionFactory
from hub.demo import DemoSummary
from hub.errors import error_code
from hub.models import Department
from hub.server import create_hub_app
from hub.settings import Settings
from tests.support import Graph, ServerThread, prepare_node_project, require_tool

FEDERATION_DIR = Path(__file__).resolve().parent
SCRIPT_TIMEOUT = 180

ENTITY_FIELDS = "uscc name legalRepresentativeIdNumber credit { __typename }"
BY_ENTITIES = (
    "query ($representations: [_Any!]!) { _entities(representations: $representations) {"
    f" ... on MarketEntity {{ {ENTITY_FIELDS} }} }} }}"
)
BY_ENTITY = f"query ($uscc: String!) {{ entity(uscc: $uscc) {{ {ENTITY_FIELDS} }} }}"


def representation(uscc: str) -> dict[str, str]:
    return {"__typename": "MarketEntity", "uscc": uscc}


@pytest.fixture(scope="module")
async def province_user(session_factory: SessionFactory, demo_data: DemoSummary) -> Viewer:
    async with session_factory() as session:
        department_id = (
            await session.execute(
                select(Department.id).where(
                    Department.region_code == "210000", Department.code == "231"
                )
            )
        ).scalar_one()
    return Viewer.staff(
        department_id=department_id,
        region_code="210000",
        permissions=frozenset({Permission.CROSS_DEPARTMENT_QUERY, Permission.PERSONAL_DATA}),
    )


@pytest.fixture(scope="module")
async def uscc(graph: Graph, province_user: Viewer) -> str:
    """A demo entity the public can see, with a legal representative's ID number."""
    data = await graph.data(
        "{ entities(first: 50) { edges { node { uscc legalRepresentativeIdNumber } } } }",
        viewer=province_user,
    )
    public = await graph.data("{ entities(first: 50) { edges { node { uscc } } } }")
    public_usccs = {edge["node"]["uscc"] for edge in public["entities"]["edges"]}
    return next(
        str(edge["node"]["uscc"])
        for edge in data["entities"]["edges"]
        if edge["node"]["legalRepresentativeIdNumber"] and edge["node"]["uscc"] in public_usccs
    )


async def test_service_sdl_declares_the_key(graph: Graph) -> None:
    sdl = (await graph.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert '@key(fields: "uscc")' in sdl
    assert 'type MarketEntity implements Node @key(fields: "uscc")' in sdl
    assert "https://specs.apollo.dev/federation/v2" in sdl


def test_the_schema_is_a_federation_subgraph(schema: strawberry.Schema) -> None:
    assert isinstance(schema, strawberry.federation.Schema)
    assert "_entities(representations: [_Any!]!): [_Entity]!" in schema.as_str()


async def test_entities_resolves_market_entity(
    graph: Graph, province_user: Viewer, uscc: str
) -> None:
    data = await graph.data(
        BY_ENTITIES, {"representations": [representation(uscc)]}, viewer=province_user
    )
    [entity] = data["_entities"]
    assert entity["uscc"] == uscc
    assert entity["name"]
    assert "*" not in entity["legalRepresentativeIdNumber"]
    assert entity["credit"] is None or entity["credit"]["__typename"] == "Credit"


async def test_entities_enforce_visibility_as_entity_does(graph: Graph, uscc: str) -> None:
    through_entities = await graph.execute(
        BY_ENTITIES, {"representations": [representation(uscc)]}, viewer=PUBLIC
    )
    through_entity = await graph.execute(BY_ENTITY, {"uscc": uscc}, viewer=PUBLIC)
    assert through_entities.data is not None
    assert through_entity.data is not None
    [federated] = through_entities.data["_entities"]
    direct = through_entity.data["entity"]
    assert federated == direct
    assert "*" in federated["legalRepresentativeIdNumber"]
    assert federated["credit"] is None
    for result, path in (
        (through_entities, ["_entities", 0, "credit"]),
        (through_entity, ["entity", "credit"]),
    ):
        assert result.errors is not None
        assert [(error.path, _code(error)) for error in result.errors] == [(path, "FORBIDDEN")]


async def test_entities_apply_the_row_policy(graph: Graph, province_user: Viewer) -> None:
    """Per viewer, a row is null through `_entities` exactly when `entity(uscc)` is null."""
    data = await graph.data(
        "{ entities(first: 100) { edges { node { uscc } } } }", viewer=province_user
    )
    codes = [edge["node"]["uscc"] for edge in data["entities"]["edges"]]
    assert codes
    for viewer in (PUBLIC, province_user):
        federated = await graph.execute(
            "query ($r: [_Any!]!) {"
            " _entities(representations: $r) { ... on MarketEntity { uscc } } }",
            {"r": [representation(code) for code in codes]},
            viewer=viewer,
        )
        assert federated.errors is None
        assert federated.data is not None
        for code, row in zip(codes, federated.data["_entities"], strict=True):
            direct = await graph.data(
                "query ($u: String!) { entity(uscc: $u) { uscc } }", {"u": code}, viewer=viewer
            )
            assert row == direct["entity"]


@pytest.mark.parametrize(
    "bad",
    [
        representation("not-a-uscc"),
        representation("91210102MA0XXXXXX0"),
        {"__typename": "MarketEntity"},
        {"__typename": "MarketEntity", "uscc": 12},
    ],
)
async def test_malformed_uscc_is_bad_user_input(graph: Graph, bad: dict[str, Any]) -> None:
    codes = await graph.error_codes(BY_ENTITIES, {"representations": [bad]})
    assert codes == ["BAD_USER_INPUT"]


def _code(error: Any) -> str | None:
    code = error_code(error)
    return None if code is None else str(code)


async def test_entities_pass_the_first_sign_in_gate(
    graph: Graph, province_user: Viewer, uscc: str
) -> None:
    """An account still on its initial password reaches `_entities` no more than `entity`."""
    gated = dataclasses.replace(province_user, password_change_required=True)
    codes = await graph.error_codes(
        BY_ENTITIES, {"representations": [representation(uscc)]}, viewer=gated
    )
    assert codes == ["PASSWORD_CHANGE_REQUIRED"]


# --- composition and a real gateway -------------------------------------------------------


@pytest.fixture
def hub_url(settings: Settings, demo_data: DemoSummary) -> Iterator[str]:
    server = ServerThread(create_hub_app(settings))
    url = server.start()
    try:
        yield url
    finally:
        server.stop()
    assert not server.thread.is_alive(), "uvicorn did not stop"


@pytest.fixture(scope="module")
def federation_script() -> Path:
    prepare_node_project(FEDERATION_DIR, "@apollo/gateway/package.json", "the federation check")
    return FEDERATION_DIR / "compose_and_query.mjs"


@pytest.mark.slow
def test_composes_and_queries_across_subgraphs(
    federation_script: Path, hub_url: str, uscc: str
) -> None:
    completed = subprocess.run(
        [require_tool("node"), str(federation_script), hub_url, uscc],
        cwd=FEDERATION_DIR,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        check=False,
    )
    output = completed.stdout + completed.stderr
    print(output)  # shown by pytest when the test fails, and with -s
    assert "composition: ok" in completed.stdout, output
    [line] = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")]
    result = json.loads(line.removeprefix("RESULT "))
    assert "errors" not in result, output
    entity = result["data"]["entity"]
    assert entity["uscc"] == uscc
    assert entity["name"]  # from the hub
    assert entity["extraFromSecondSubgraph"] == f"second subgraph saw {uscc}"  # from the other
    assert completed.returncode == 0, output
