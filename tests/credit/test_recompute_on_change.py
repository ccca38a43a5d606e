"""Evaluations follow the records: the mutation that publishes a penalty answers with the
entity's lowered grade, computed in its own transaction; revoking it restores the grade."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from hub.models import CreditEvaluation, CreditRuleSet, CreditSource, MarketEntity, RecordKind
from tests.credit.conftest import CreditWorld, new_uscc
from tests.support import Graph

DECIDED = date.today() - timedelta(days=3)

CREDIT = """
entity {
  uscc
  credit {
    grade basis combinationRule
    hub {
      source grade score evaluatedAt ruleSetVersion
      contributions {
        measure indicator value points pointsPerUnit maxPoints windowYears since source
      }
    }
    national { grade }
  }
}
"""
RESULT = f"""
__typename
... on RecordPayload {{ record {{ id version status {CREDIT} }} }}
... on InputError {{ message code fieldErrors {{ field message }} }}
"""
CREATE = f"""mutation($input: PenaltyInput!) {{
  result: createPenalty(input: $input) {{ {RESULT} }} }}"""
PUBLISH = f"""mutation($id: ID!, $version: Int!) {{
  result: publishRecord(id: $id, version: $version) {{ {RESULT} }} }}"""
REVOKE = f"""mutation($id: ID!, $version: Int!, $reason: String!) {{
  result: revokeRecord(id: $id, version: $version, reason: $reason) {{ {RESULT} }} }}"""


def penalty_input(world: CreditWorld, uscc: str, fine: str) -> dict[str, Any]:
    from strawberry.relay import to_base64

    return {
        "subject": {"name": "和平区信用测试商贸有限公司", "category": "LEGAL_PERSON", "uscc": uscc},
        "documentName": "行政处罚决定书",
        "decisionNumber": f"沈和市监罚〔2026〕{uscc[8:17]}号",
        "decisionDate": DECIDED.isoformat(),
        "itemId": to_base64("SupervisionItem", world.items[RecordKind.PENALTY]),
        "remark": None,
        "publicationEndDate": (date.today() + timedelta(days=365)).isoformat(),
        "violationType": "销售过期食品",
        "violationFacts": "当事人销售超过保质期的食品",
        "legalBasis": "《中华人民共和国食品安全法》第一百二十四条",
        "penaltyTypes": ["WARNING", "FINE"],
        "content": "警告，罚款十二万元",
        "fineAmount": fine,
    }


def contributions(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items = record["entity"]["credit"]["hub"]["contributions"]
    return {item["measure"]: item for item in items}


async def test_publishing_a_penalty_lowers_the_grade_in_the_same_mutation(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    clerk = credit_world.clerk()
    # given a draft penalty of 12万元 for a new entity: drafts do not count (base score 80, B)
    created = (
        await credit_graph.data(
            CREATE, {"input": penalty_input(credit_world, new_uscc(), "12")}, viewer=clerk
        )
    )["result"]
    assert created["__typename"] == "RecordPayload", created
    draft = created["record"]
    assert draft["entity"]["credit"]["hub"]["grade"] == "B"
    assert Decimal(str(draft["entity"]["credit"]["hub"]["score"])) == Decimal("80")
    # when it is published
    published = (
        await credit_graph.data(
            PUBLISH, {"id": draft["id"], "version": draft["version"]}, viewer=clerk
        )
    )["result"]["record"]
    # then the same response carries the lowered grade: 80 - 8 (one penalty) - 12 (12万元)
    credit = published["entity"]["credit"]
    assert credit["hub"]["grade"] == "C"
    assert Decimal(str(credit["hub"]["score"])) == Decimal("60")
    assert credit["grade"] == "C"
    assert credit["basis"] == "HUB_ONLY"
    assert credit["national"] is None
    by_measure = contributions(published)
    assert by_measure["PENALTY_COUNT"]["value"] == 1
    assert by_measure["PENALTY_COUNT"]["points"] == -8
    assert by_measure["FINE_AMOUNT"]["value"] == 12
    assert by_measure["FINE_AMOUNT"]["points"] == -12
    # and revoking it (撤销) restores the grade, again within the mutation
    revoked = (
        await credit_graph.data(
            REVOKE,
            {"id": published["id"], "version": published["version"], "reason": "复议撤销"},
            viewer=clerk,
        )
    )["result"]["record"]
    assert revoked["entity"]["credit"]["hub"]["grade"] == "B"
    assert contributions(revoked)["PENALTY_COUNT"]["value"] == 0


async def test_the_explanation_names_every_indicator_its_window_and_source(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    # given a published penalty of 3万元 for a new entity
    clerk = credit_world.clerk()
    uscc = new_uscc()
    created = (
        await credit_graph.data(
            CREATE, {"input": penalty_input(credit_world, uscc, "3")}, viewer=clerk
        )
    )["result"]["record"]
    record = (
        await credit_graph.data(
            PUBLISH, {"id": created["id"], "version": created["version"]}, viewer=clerk
        )
    )["result"]["record"]
    hub = record["entity"]["credit"]["hub"]
    # then it was computed by the active rule set, as the hub's own evaluation
    async with credit_world.sessions() as session:
        active = await session.scalar(select(CreditRuleSet).where(CreditRuleSet.active.is_(True)))
        stored = (
            await session.scalars(
                select(CreditEvaluation).where(
                    CreditEvaluation.source == CreditSource.HUB,
                    CreditEvaluation.explanation["ruleSet"]["version"].as_integer()
                    == hub["ruleSetVersion"],
                )
            )
        ).all()
    assert active is not None
    assert hub["ruleSetVersion"] == active.version
    assert stored
    assert all(row.rule_set_id == active.id for row in stored)
    assert hub["source"] == "HUB"
    assert hub["evaluatedAt"]
    # and every indicator of the rule set explains itself
    by_measure = contributions(record)
    assert set(by_measure) == {
        "VALID_LICENSE",
        "PENALTY_COUNT",
        "FINE_AMOUNT",
        "ACTIVE_BLACKLIST",
        "INSPECTION_PROBLEMS",
        "ENFORCEMENT_COUNT",
        "COMPLAINT_COUNT",
    }
    penalty = by_measure["PENALTY_COUNT"]
    assert penalty["indicator"] == "行政处罚次数"
    assert penalty["windowYears"] == 3
    assert penalty["pointsPerUnit"] == -8
    assert penalty["maxPoints"] == 40
    assert date.fromisoformat(penalty["since"]).year == date.today().year - 3
    assert "行政处罚" in penalty["source"]
    assert by_measure["COMPLAINT_COUNT"]["source"].startswith("国家平台")
    assert by_measure["VALID_LICENSE"]["windowYears"] is None
    # and the score is the base score plus the points
    total = sum(Decimal(str(item["points"])) for item in by_measure.values())
    assert Decimal(str(hub["score"])) == Decimal("80") + total
    assert total == Decimal("-11")
    assert "较差" in record["entity"]["credit"]["combinationRule"]


async def test_concurrent_publications_for_one_entity_leave_one_current_evaluation(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    # given two draft penalties of 1万元 for the same entity
    clerk = credit_world.clerk()
    uscc = new_uscc()
    drafts = []
    for number in range(2):
        penalty = penalty_input(credit_world, uscc, "1")
        penalty["decisionNumber"] = f"沈和市监罚〔2026〕{uscc[8:17]}-{number}号"
        created = await credit_graph.data(CREATE, {"input": penalty}, viewer=clerk)
        drafts.append(created["result"]["record"])
    # when both are published at the same time
    results = await asyncio.gather(
        *(
            credit_graph.data(PUBLISH, {"id": d["id"], "version": d["version"]}, viewer=clerk)
            for d in drafts
        )
    )
    assert all(r["result"]["__typename"] == "RecordPayload" for r in results)
    # then the entity has one hub evaluation, and it counts both penalties
    async with credit_world.sessions() as session:
        rows = (
            await session.scalars(
                select(CreditEvaluation)
                .join(MarketEntity, MarketEntity.id == CreditEvaluation.entity_id)
                .where(MarketEntity.uscc == uscc, CreditEvaluation.source == CreditSource.HUB)
            )
        ).all()
    assert len(rows) == 1
    penalties = next(
        i for i in rows[0].explanation["indicators"] if i["measure"] == "PENALTY_COUNT"
    )
    assert penalties["value"] == 2
    assert rows[0].score == Decimal("62")  # 80 - 2 × 8 - 2 × 1
