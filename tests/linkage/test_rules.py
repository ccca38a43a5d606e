"""The routing rules: shipped as reference data, listed, added and disabled by the provincial
region administrator, and used by routing at once."""

from __future__ import annotations

import itertools
import random

import pytest
from sqlalchemy import select

from hub.db import SessionFactory
from hub.linkage.rules import load_linkage_rules, parse_rules, shipped_rules
from hub.models import LinkageRule
from hub.reference import ReferenceDataError
from tests.linkage.conftest import LinkageWorld, registration
from tests.support import Graph

_suffixes = itertools.count(random.Random().randrange(10**5, 10**6))

RULES = """
query Rules($enabled: Boolean) {
  linkageRules(enabled: $enabled, first: 100) {
    totalCount nodes { id code match pattern departmentCode permitName enabled }
  }
}
"""

CREATE = """
mutation Create($input: LinkageRuleInput!) {
  createLinkageRule(input: $input) {
    __typename
    ... on LinkageRulePayload { rule { id code enabled departmentCode } }
    ... on InputError { code fieldErrors { field message } }
  }
}
"""

ENABLE = """
mutation Enable($id: ID!, $enabled: Boolean!) {
  setLinkageRuleEnabled(id: $id, enabled: $enabled) {
    __typename
    ... on LinkageRulePayload { rule { id enabled } }
    ... on InputError { code fieldErrors { field message } }
  }
}
"""


def test_the_shipped_rules_route_the_permits_the_brief_names() -> None:
    by_pattern = {(rule.pattern, rule.department_code) for rule in shipped_rules()}
    assert {("餐饮", "231"), ("食品生产", "231"), ("道路货物运输", "303")} <= by_pattern
    assert {("医疗服务", "302"), ("农药", "305"), ("兽药", "305")} <= by_pattern


def test_a_broken_rules_file_names_its_line() -> None:
    header = "code,match,pattern,department_code,permit_name,sign_within_days,handle_within_days\n"
    with pytest.raises(ReferenceDataError, match=":2:"):
        parse_rules(header + "x,KEYWORD,餐饮,999,许可,3,20\n")
    with pytest.raises(ReferenceDataError, match=":3: duplicate"):
        parse_rules(header + "x,KEYWORD,餐饮,231,许可,3,20\nx,KEYWORD,食品,231,许可,3,20\n")
    with pytest.raises(ReferenceDataError, match=":2:"):
        parse_rules(header + "x,KEYWORD,餐饮,231,许可,30,20\n")


async def test_loading_the_rules_again_inserts_nothing(
    session_factory: SessionFactory, linkage: LinkageWorld
) -> None:
    async with session_factory() as session, session.begin():
        assert await load_linkage_rules(session) == 0


async def test_staff_list_the_rules(linkage: LinkageWorld, graph: Graph) -> None:
    data = await graph.data(RULES, {"enabled": True}, viewer=linkage.staff["city health clerk"])
    codes = {node["code"] for node in data["linkageRules"]["nodes"]}
    assert {rule.code for rule in shipped_rules()} <= codes
    public = await graph.data(RULES, {}, viewer=linkage.registrar)
    assert public["linkageRules"]["totalCount"] == 0


async def test_a_new_rule_routes_at_once_and_a_disabled_one_no_longer(
    linkage: LinkageWorld, graph: Graph
) -> None:
    administrator = linkage.staff["province administrator"]
    word = f"测试经营{next(_suffixes)}"
    # given a new rule: this business needs a 卫生健康 permit
    created = await graph.data(
        CREATE,
        {
            "input": {
                "code": f"test-{word}",
                "match": "KEYWORD",
                "pattern": word,
                "departmentCode": "302",
                "permitName": "测试许可证",
                "signWithinDays": 2,
                "handleWithinDays": 10,
            }
        },
        viewer=administrator,
    )
    rule = created["createLinkageRule"]["rule"]
    assert rule["enabled"] is True
    # then a registration with that business is routed by it
    [result] = await linkage.submit(registration("210106", word))
    assert [n["department"]["name"] for n in result["notices"]] == ["沈阳市卫生健康委员会"]
    assert result["notices"][0]["permitNames"] == "测试许可证"
    # when the rule is disabled
    disabled = await graph.data(ENABLE, {"id": rule["id"], "enabled": False}, viewer=administrator)
    assert disabled["setLinkageRuleEnabled"]["rule"]["enabled"] is False
    # then it routes nothing any more
    [later] = await linkage.submit(registration("210106", word))
    assert later["notices"] == []
    # and the same rule cannot be added twice
    again = await graph.data(
        CREATE,
        {
            "input": {
                "code": f"test-{word}",
                "match": "KEYWORD",
                "pattern": word,
                "departmentCode": "302",
                "permitName": "测试许可证",
            }
        },
        viewer=administrator,
    )
    assert again["createLinkageRule"]["code"] == "CONFLICT"


async def test_only_the_provincial_administrator_edits_rules(
    linkage: LinkageWorld, graph: Graph, session_factory: SessionFactory
) -> None:
    async with session_factory() as session:
        rule_id = await session.scalar(select(LinkageRule.id).order_by(LinkageRule.id).limit(1))
    from tests.linkage.conftest import gid

    for name in ("city administrator", "city transport admin"):
        codes = await graph.error_codes(
            ENABLE,
            {"id": gid("LinkageRule", rule_id or 0), "enabled": False},
            viewer=linkage.staff[name],
        )
        assert codes == ["FORBIDDEN"], name
    bad = await graph.data(
        CREATE,
        {
            "input": {
                "code": "bad-department",
                "match": "KEYWORD",
                "pattern": "测试",
                "departmentCode": "999",
                "permitName": "许可",
            }
        },
        viewer=linkage.staff["province administrator"],
    )
    fields = [e["field"] for e in bad["createLinkageRule"]["fieldErrors"]]
    assert fields == ["input.departmentCode"]
