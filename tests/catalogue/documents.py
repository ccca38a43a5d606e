"""GraphQL documents and inputs the catalogue tests share."""

from __future__ import annotations

import itertools
import random
from typing import Any

from strawberry.relay import GlobalID

from hub.auth.viewer import Viewer
from tests.support import Graph

_serials = itertools.count(random.Random().randrange(10**6, 10**7))

ITEM_FIELDS = """
  id code name recordKind status version levels legalBasis publishedAt retiredAt
  retirementReason legalBases { law article text } mainItem { code } subItems { code status }
  nationalItem { code }
"""
RESULT = f"""
    __typename
    ... on SupervisionItemPayload {{ item {{ {ITEM_FIELDS} }} }}
    ... on InputError {{ message code fieldErrors {{ field message }} }}
"""
CREATE = f"""
mutation Create($input: SupervisionItemInput!) {{
  result: createSupervisionItem(input: $input) {{ {RESULT} }}
}}"""
UPDATE = f"""
mutation Update($id: ID!, $version: Int!, $input: SupervisionItemInput!) {{
  result: updateSupervisionItem(id: $id, version: $version, input: $input) {{ {RESULT} }}
}}"""
PUBLISH = f"""
mutation Publish($id: ID!, $version: Int!, $reason: String) {{
  result: publishSupervisionItem(id: $id, version: $version, reason: $reason) {{ {RESULT} }}
}}"""
RETIRE = f"""
mutation Retire($id: ID!, $version: Int!, $reason: String!) {{
  result: retireSupervisionItem(id: $id, version: $version, reason: $reason) {{ {RESULT} }}
}}"""
DELETE = """
mutation Delete($id: ID!, $version: Int!) {
  result: deleteSupervisionItem(id: $id, version: $version) {
    __typename
    ... on DeleteSupervisionItemPayload { deletedItemId }
    ... on InputError { message code fieldErrors { field message } }
  }
}"""
LINK = f"""
mutation Link($id: ID!, $version: Int!, $nationalItemId: ID!) {{
  result: linkNationalSupervisionItem(
    id: $id, version: $version, nationalItemId: $nationalItemId
  ) {{ {RESULT} }}
}}"""
UNLINK = f"""
mutation Unlink($id: ID!, $version: Int!) {{
  result: unlinkNationalSupervisionItem(id: $id, version: $version) {{ {RESULT} }}
}}"""
ITEMS = f"""
query Items($departmentId: ID, $status: SupervisionItemStatus) {{
  supervisionItems(departmentId: $departmentId, status: $status) {{ {ITEM_FIELDS} }}
}}"""
NODE = f"""
query Node($id: ID!) {{ node(id: $id) {{ ... on SupervisionItem {{ {ITEM_FIELDS} }} }} }}
"""


def new_code(prefix: str = "T") -> str:
    return f"{prefix}-{next(_serials)}"


def item_input(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "code": new_code(),
        "name": "对食品经营者的监督检查",
        "recordKind": "INSPECTION",
        "mainItemId": None,
        "legalBases": [
            {"law": "《中华人民共和国食品安全法》", "article": "第一百一十条", "text": "监督检查"}
        ],
        "levels": ["COUNTY"],
    }
    value.update(overrides)
    return value


def node_id(global_id: str) -> int:
    return int(GlobalID.from_id(global_id).node_id)


def field_errors(result: dict[str, Any]) -> dict[str, str]:
    assert result["__typename"] == "InputError", result
    return {error["field"]: error["message"] for error in result["fieldErrors"]}


async def run(
    graph: Graph, document: str, variables: dict[str, Any], viewer: Viewer
) -> dict[str, Any]:
    data = await graph.data(document, variables, viewer=viewer)
    return dict(data["result"])


async def created(graph: Graph, viewer: Viewer, **overrides: Any) -> dict[str, Any]:
    result = await run(graph, CREATE, {"input": item_input(**overrides)}, viewer)
    assert result["__typename"] == "SupervisionItemPayload", result
    return dict(result["item"])


async def published(graph: Graph, viewer: Viewer, **overrides: Any) -> dict[str, Any]:
    item = await created(graph, viewer, **overrides)
    result = await run(graph, PUBLISH, {"id": item["id"], "version": item["version"]}, viewer)
    assert result["__typename"] == "SupervisionItemPayload", result
    return dict(result["item"])
