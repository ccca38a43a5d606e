"""STAND-IN for a national enterprise registration information service that speaks
GraphQL (国家企业信用信息公示系统 style 登记信息 API): enterprises by USCC, derived from the
code. Not the real system; it exists to prove the connector framework's `graphql` kind
over real HTTP.

    POST /graphql {"query": "...", "variables": {...}}
    query($keys: [String!]!) { enterprises(usccs: $keys) { uscc name status ... } }

At most 100 codes a query (more is a GraphQL error, HTTP 200 with `errors`, as GraphQL
servers answer); about one code in ten is unknown and absent from the list.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from graphql import GraphQLError, build_schema, graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stand_ins.control import with_control
from stand_ins.derive import digest, pick

NAME = "enterprise-info GraphQL (stand-in)"
MAX_CODES = 100
SDL = """
type Query {
  "Enterprises by USCC; unknown codes are left out."
  enterprises(usccs: [String!]!): [Enterprise!]!
}

type Enterprise {
  uscc: String!
  name: String!
  status: String!
  legalRepresentative: String!
  registeredCapital: Float
  establishedOn: String
  registrationAuthority: Registration!
}

type Registration {
  name: String!
  regionCode: String!
}
"""
SCHEMA = build_schema(SDL)
STATUSES = ("存续", "存续", "存续", "吊销", "注销")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄")
TRADES = ("商贸", "科技", "食品", "建材", "餐饮", "物流")


def enterprise(uscc: str) -> dict[str, Any] | None:
    value = digest("enterprise", uscc)
    if value % 10 == 0:
        return None
    region = uscc[2:8] if len(uscc) == 18 else "210000"
    return {
        "uscc": uscc,
        "name": f"辽宁{pick(value >> 4, TRADES)}有限公司（演示{value % 1000:03d}）",
        "status": pick(value >> 8, STATUSES),
        "legalRepresentative": pick(value >> 12, SURNAMES) + "某",
        "registeredCapital": float((value >> 16) % 5000 + 10),
        "establishedOn": (date(2000, 1, 1) + timedelta(days=(value >> 24) % 9000)).isoformat(),
        "registrationAuthority": {"name": "市场监督管理局（演示）", "regionCode": region},
    }


def _enterprises(_info: Any, usccs: list[str]) -> list[dict[str, Any]]:
    if len(usccs) > MAX_CODES:
        raise GraphQLError(f"usccs: at most {MAX_CODES} codes a query")
    return [found for uscc in usccs if (found := enterprise(uscc)) is not None]


ROOT = {"enterprises": _enterprises}


async def endpoint(request: Request) -> Response:
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"errors": [{"message": "the body is not JSON"}]}, status_code=400)
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return JSONResponse({"errors": [{"message": "query: a string"}]}, status_code=400)
    variables = body.get("variables")
    result = await graphql(
        SCHEMA,
        body["query"],
        root_value=ROOT,
        variable_values=variables if isinstance(variables, dict) else None,
    )
    return JSONResponse(result.formatted)


def create_app() -> Starlette:
    return with_control(NAME, [Route("/graphql", endpoint, methods=["POST"])])
