"""信用分类监管: the rules (read and changed by MANAGE_CREDIT_RULES holders) and the grade
distribution for analysts."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.auth.policy import countable_credit_entities, readable_credit_rule_sets, readable_records
from hub.collection.changes import Change
from hub.context import Info
from hub.credit import administration
from hub.credit import recompute as _recompute  # noqa: F401  (installs the recompute hook)
from hub.queries.credit_distribution import CreditGrouping, grade_distribution
from hub.queries.credit_rules import rule_sets
from hub.resolvers.record_entry import run_collection
from hub.schema.credit_distribution import CreditGradeGroup
from hub.schema.credit_rules import CreditRuleSet, CreditRuleSetInput, CreditRuleSetPayload
from hub.schema.inputs import node_id_of, region_code_of
from hub.schema.mutations import InputError

CreditRuleSetResult = Annotated[
    CreditRuleSetPayload | InputError, strawberry.union("CreditRuleSetResult")
]

PROVINCE = "210000"


def _payload(applied: administration.Applied) -> CreditRuleSetPayload:
    return CreditRuleSetPayload(
        rule_set=CreditRuleSet.from_model(applied.rule_set),
        evaluated_entities=applied.evaluated_entities,
    )


@strawberry.type
class CreditQuery:
    @strawberry.field(description="信用分类规则的全部版本，新版本在前（信用分类规则管理权限）")
    async def credit_rule_sets(self, info: Info) -> list[CreditRuleSet]:
        rows = await info.context.scalars(rule_sets(readable_credit_rule_sets(info.context.viewer)))
        return [CreditRuleSet.from_model(row) for row in rows]

    @strawberry.field(description="当前生效的信用分类规则（信用分类规则管理权限）")
    async def active_credit_rule_set(self, info: Info) -> CreditRuleSet | None:
        scope = readable_credit_rule_sets(info.context.viewer)
        rows = await info.context.scalars(rule_sets(scope, active_only=True))
        return CreditRuleSet.from_model(rows[0]) if rows else None

    @strawberry.field(
        description=(
            "本平台信用等级分布：按下级区划或按部门（在该部门有监管行为记录的主体）分组计数；"
            "统计分析或跨部门查询权限，限本区划及下级"
        )
    )
    async def credit_grade_distribution(
        self,
        info: Info,
        region_code: Annotated[
            str | None, strawberry.argument(description="区划代码（默认本账号所在区划）")
        ] = None,
        department_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="只统计在该部门有记录的主体")
        ] = None,
        group_by: Annotated[
            CreditGrouping, strawberry.argument(description="分组方式")
        ] = CreditGrouping.REGION,
    ) -> list[CreditGradeGroup]:
        viewer = info.context.viewer
        region = region_code_of(region_code) or viewer.region_code or PROVINCE
        department = (
            None
            if department_id is None
            else node_id_of(department_id, ("Department",), field="departmentId")
        )
        statement = grade_distribution(
            scope=countable_credit_entities(viewer),
            records_scope=readable_records(viewer),
            region_code=region,
            department_id=department,
            grouping=group_by,
        )
        async with info.context.read_sessions() as session:
            rows = (await session.execute(statement)).all()
        by_region = group_by is CreditGrouping.REGION
        return [
            CreditGradeGroup(
                region_code=row.group_key if by_region else None,
                department_id=None if by_region else row.group_key,
                a=row.a,
                b=row.b,
                c=row.c,
                d=row.d,
                total=row.total,
            )
            for row in rows
        ]


@strawberry.type
class CreditMutation:
    @strawberry.mutation(
        description="保存新版本的信用分类规则：立即生效并重新评价全部市场主体（信用分类规则管理权限）"
    )
    async def save_credit_rule_set(
        self, info: Info, input: CreditRuleSetInput
    ) -> CreditRuleSetResult:
        async def make(change: Change) -> CreditRuleSetPayload:
            return _payload(await administration.save_rules(change, input.to_rules()))

        return await run_collection(info, make)

    @strawberry.mutation(
        description="启用信用分类规则的某个已有版本（如回退）并重新评价全部市场主体"
    )
    async def activate_credit_rule_set(self, info: Info, version: int) -> CreditRuleSetResult:
        async def make(change: Change) -> CreditRuleSetPayload:
            return _payload(await administration.activate_version(change, version))

        return await run_collection(info, make, prefix="")
