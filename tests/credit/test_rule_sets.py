"""信用分类规则: holders of MANAGE_CREDIT_RULES read and change them; a change is a new
version, validated, audited, active at once and applied to every entity."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from hub.credit.rules import DEFAULT_RULES
from hub.models import AuditEvent, CreditEvaluation, CreditRuleSet, CreditSource
from tests.credit.conftest import CreditWorld
from tests.support import Graph

RULE_SET = """
version name active baseScore gradeAMinScore gradeBMinScore gradeCMinScore
indicators { position measure name description pointsPerUnit maxPoints windowYears }
"""
RULE_SETS = f"{{ creditRuleSets {{ {RULE_SET} }} activeCreditRuleSet {{ version }} }}"
RESULT = f"""
__typename
... on CreditRuleSetPayload {{ ruleSet {{ {RULE_SET} }} evaluatedEntities }}
... on InputError {{ message code fieldErrors {{ field message }} }}
"""
SAVE = f"""mutation($input: CreditRuleSetInput!) {{
  result: saveCreditRuleSet(input: $input) {{ {RESULT} }} }}"""
ACTIVATE = f"""mutation($version: Int!) {{
  result: activateCreditRuleSet(version: $version) {{ {RESULT} }} }}"""


def rules_input(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "name": DEFAULT_RULES.name,
        "description": DEFAULT_RULES.description,
        "baseScore": str(DEFAULT_RULES.base_score),
        "gradeAMinScore": str(DEFAULT_RULES.grade_a_min_score),
        "gradeBMinScore": str(DEFAULT_RULES.grade_b_min_score),
        "gradeCMinScore": str(DEFAULT_RULES.grade_c_min_score),
        "indicators": [
            {
                "measure": i.measure.value,
                "name": i.name,
                "description": i.description,
                "pointsPerUnit": str(i.points_per_unit),
                "maxPoints": None if i.max_points is None else str(i.max_points),
                "windowYears": i.window_years,
            }
            for i in DEFAULT_RULES.indicators
        ],
    }
    value.update(overrides)
    return value


async def active_version(world: CreditWorld) -> int:
    async with world.sessions() as session:
        version = await session.scalar(
            select(CreditRuleSet.version).where(CreditRuleSet.active.is_(True))
        )
    assert version is not None
    return version


async def version_count(world: CreditWorld) -> int:
    async with world.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(CreditRuleSet)) or 0)


async def test_rule_managers_read_every_version_and_others_read_none(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    data = await credit_graph.data(RULE_SETS, viewer=credit_world.rule_manager())
    assert data["activeCreditRuleSet"]["version"] == await active_version(credit_world)
    first = data["creditRuleSets"][-1]
    assert first["version"] == 1
    assert first["name"] == "市场主体信用风险分类默认规则"
    assert [i["measure"] for i in first["indicators"]][:2] == ["VALID_LICENSE", "PENALTY_COUNT"]
    assert all(i["description"] for i in first["indicators"])
    # a clerk without the permission, and the public, see no rules
    hidden = await credit_graph.data(RULE_SETS, viewer=credit_world.clerk())
    assert hidden == {"creditRuleSets": [], "activeCreditRuleSet": None}


async def test_a_new_version_is_validated_field_by_field(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    # given thresholds out of order, a weight out of range and a missing window
    indicators = rules_input()["indicators"]
    indicators[1] = {**indicators[1], "pointsPerUnit": "-150", "windowYears": None}
    bad = rules_input(gradeBMinScore="90", indicators=indicators)
    versions_before = await version_count(credit_world)
    # when saved
    result = (await credit_graph.data(SAVE, {"input": bad}, viewer=credit_world.rule_manager()))[
        "result"
    ]
    # then nothing is stored and every problem is named
    assert result["__typename"] == "InputError"
    assert result["code"] == "BAD_USER_INPUT"
    fields = {error["field"] for error in result["fieldErrors"]}
    assert fields == {
        "input.gradeBMinScore",
        "input.indicators.1.pointsPerUnit",
        "input.indicators.1.windowYears",
    }
    assert await version_count(credit_world) == versions_before


async def test_changing_the_rules_needs_the_permission(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    codes = await credit_graph.error_codes(
        SAVE, {"input": rules_input()}, viewer=credit_world.clerk()
    )
    assert codes == ["FORBIDDEN"]
    codes = await credit_graph.error_codes(ACTIVATE, {"version": 1}, viewer=credit_world.clerk())
    assert codes == ["FORBIDDEN"]


async def test_a_new_version_applies_to_every_entity_and_can_be_rolled_back(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    manager = credit_world.rule_manager()
    entity = await credit_world.new_entity()
    previous = await active_version(credit_world)
    latest = await version_count(credit_world)
    # when a stricter version is saved (a higher base score and A threshold)
    stricter = rules_input(name="从严规则", baseScore="60", gradeAMinScore="95")
    saved = (await credit_graph.data(SAVE, {"input": stricter}, viewer=manager))["result"]
    try:
        # then it is the one active version, and every entity (the new one too) was
        # re-evaluated with it
        assert saved["__typename"] == "CreditRuleSetPayload", saved
        rule_set = saved["ruleSet"]
        assert rule_set["version"] == latest + 1
        assert rule_set["active"] is True
        assert saved["evaluatedEntities"] >= 1
        async with credit_world.sessions() as session:
            actives = await session.scalar(
                select(func.count()).where(CreditRuleSet.active.is_(True))
            )
            evaluation = await session.scalar(
                select(CreditEvaluation).where(
                    CreditEvaluation.entity_id == entity.id,
                    CreditEvaluation.source == CreditSource.HUB,
                )
            )
            events = (
                await session.scalars(
                    select(AuditEvent).where(
                        AuditEvent.target_type == "CreditRuleSet",
                        AuditEvent.target_id == str(rule_set["version"]),
                    )
                )
            ).all()
        assert actives == 1
        assert evaluation is not None
        assert evaluation.explanation["ruleSet"]["version"] == rule_set["version"]
        assert evaluation.grade.value == "C"  # 60 points, no records
        assert len(events) == 1
        assert events[0].operation == "CREATE"
    finally:
        # and going back to the previous version restores its grades
        back = (await credit_graph.data(ACTIVATE, {"version": previous}, viewer=manager))["result"]
    assert back["ruleSet"]["version"] == previous
    assert back["ruleSet"]["active"] is True
    async with credit_world.sessions() as session:
        grade = await session.scalar(
            select(CreditEvaluation.grade).where(
                CreditEvaluation.entity_id == entity.id,
                CreditEvaluation.source == CreditSource.HUB,
            )
        )
    assert grade is not None
    assert grade.value == "B"


async def test_activating_an_unknown_version_is_not_found(
    credit_graph: Graph, credit_world: CreditWorld
) -> None:
    result = (
        await credit_graph.data(ACTIVATE, {"version": 999}, viewer=credit_world.rule_manager())
    )["result"]
    assert result["__typename"] == "InputError"
    assert result["code"] == "NOT_FOUND"
    assert result["fieldErrors"][0]["field"] == "version"
