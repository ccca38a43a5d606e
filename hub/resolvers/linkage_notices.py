"""证照联动: the registration feed, the approving departments' inbox, the routing rules and
the handling statistics."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from hub.collection.changes import Change
from hub.collection.partners import SubmissionOutcome
from hub.collection.problems import Problem
from hub.collection.submissions import RecordSubmission, SubjectSubmission
from hub.context import Info
from hub.db import AnySelect
from hub.linkage import notices, registrations, rules
from hub.linkage.deadlines import beijing_date
from hub.models import LicenseCategory, LinkageMatch, LinkageOutcome, RecordKind
from hub.models.base import utcnow
from hub.pagination import Page
from hub.queries.linkage_notices import (
    NEWEST_NOTICES_FIRST,
    RULES_IN_ORDER,
    NoticeFilter,
    notices_count,
    notices_page,
    rules_count,
    rules_page,
    statistics_by_department,
)
from hub.resolvers import partner_submissions  # noqa: F401  (registers SubmissionOutcome)
from hub.resolvers.record_entry import run_collection
from hub.schema.base import page_args
from hub.schema.inputs import department_id_of, node_id_of
from hub.schema.licenses import License
from hub.schema.linkage_notices import (
    LinkageDepartmentStatistics,
    LinkageNotice,
    LinkageNoticeConnection,
    LinkageNoticeFilter,
    LinkageRule,
    LinkageRuleConnection,
    LinkageStatistics,
)
from hub.schema.mutations import FieldError, InputError
from hub.schema.record_kinds import record_from_model

SECONDS_PER_DAY = 86_400


def _today() -> date:
    """Deadlines are Beijing dates."""
    return beijing_date(utcnow())


# --- the registration feed ----------------------------------------------------------------


@strawberry.input(description="一条新登记的市场主体（登记注册系统推送）")
class RegistrationInput:
    uscc: str = strawberry.field(description="统一社会信用代码（与登记日期一起为幂等键）")
    name: str = strawberry.field(description="名称")
    region_code: str = strawberry.field(description="登记所在区划代码（登记机关辖区内）")
    business_scope: str = strawberry.field(description="经营范围")
    registered_on: date = strawberry.field(description="登记日期")
    industry_code: str | None = strawberry.field(
        default=None, description="行业代码（GB/T 4754，如 H62）"
    )
    legal_representative: str | None = strawberry.field(
        default=None, description="法定代表人（负责人、经营者）"
    )
    address: str | None = strawberry.field(default=None, description="住所（经营场所）")

    def to_submission(self) -> registrations.RegistrationSubmission:
        return registrations.RegistrationSubmission(
            uscc=self.uscc,
            name=self.name,
            region_code=self.region_code,
            business_scope=self.business_scope,
            registered_on=self.registered_on,
            industry_code=self.industry_code,
            legal_representative=self.legal_representative,
            address=self.address,
        )


@strawberry.type(description="一条登记的推送结果")
class RegistrationResult:
    index: int = strawberry.field(description="在本批中的序号（从0起）")
    uscc: str = strawberry.field(description="统一社会信用代码")
    outcome: SubmissionOutcome = strawberry.field(description="结果")
    notices: list[LinkageNotice] = strawberry.field(description="本次新发出的告知")
    unrouted_department_codes: list[str] = strawberry.field(
        description="规则要求、但本区划及上级均无该代码部门的部门代码"
    )
    code: str | None = strawberry.field(description="被拒绝时的错误代码")
    field_errors: list[FieldError] = strawberry.field(
        description="被拒绝时的逐字段错误（路径如 registrations.3.uscc）"
    )


@strawberry.type(description="一批登记的推送结果")
class SubmitRegistrationsPayload:
    results: list[RegistrationResult] = strawberry.field(description="逐条结果，与推送顺序一致")

    @strawberry.field(description="各结果的条数")
    def count(self, outcome: SubmissionOutcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)


SubmitRegistrationsResult = Annotated[
    SubmitRegistrationsPayload | InputError, strawberry.union("SubmitRegistrationsResult")
]


def _registration_result(
    result: registrations.RegistrationResult, today: date
) -> RegistrationResult:
    def path(problem: Problem) -> str:
        return ".".join(p for p in (f"registrations.{result.index}", problem.field) if p)

    return RegistrationResult(
        index=result.index,
        uscc=result.uscc,
        outcome=result.outcome,
        notices=[LinkageNotice.of(notice, today) for notice in result.notices],
        unrouted_department_codes=list(result.unrouted_codes),
        code=result.code,
        field_errors=[
            FieldError(field=path(problem), message=problem.message) for problem in result.problems
        ],
    )


# --- the inbox -------------------------------------------------------------------------------


@strawberry.input(description="办理告知时录入的行政许可（行政相对人取自告知的市场主体）")
class LinkageLicenseInput:
    document_name: str = strawberry.field(description="文书名称")
    decision_number: str = strawberry.field(description="文书号（本部门同类记录内唯一）")
    decision_date: date = strawberry.field(description="许可决定日期（不晚于今天）")
    license_category: LicenseCategory = strawberry.field(description="许可类别")
    certificate_name: str = strawberry.field(description="许可证书名称")
    license_number: str = strawberry.field(description="许可编号")
    content: str = strawberry.field(description="许可内容")
    valid_from: date | None = strawberry.field(default=None, description="有效期自")
    valid_to: date | None = strawberry.field(default=None, description="有效期至")
    item_id: strawberry.ID | None = strawberry.field(
        default=None, description="所依据的监管事项（全局ID）"
    )
    remark: str | None = strawberry.field(default=None, description="备注")
    publication_end_date: date | None = strawberry.field(default=None, description="公示截止期")
    publish: bool = strawberry.field(
        default=True, description="true：录入即公示（需公示管理权限）；false：作为草稿"
    )

    def to_submission(self, subject: SubjectSubmission) -> RecordSubmission:
        return RecordSubmission(
            kind=RecordKind.LICENSE,
            subject=subject,
            document_name=self.document_name,
            decision_number=self.decision_number,
            decision_date=self.decision_date,
            item_id=None if self.item_id is None else str(self.item_id),
            remark=self.remark,
            publication_end_date=self.publication_end_date,
            details={
                "license_category": self.license_category,
                "certificate_name": self.certificate_name,
                "license_number": self.license_number,
                "content": self.content,
                "valid_from": self.valid_from,
                "valid_to": self.valid_to,
            },
        )


@strawberry.type(description="告知签收、办理的结果")
class LinkageNoticePayload:
    notice: LinkageNotice = strawberry.field(description="变更后的告知")


@strawberry.type(description="办理告知并录入许可的结果")
class LinkageLicensePayload:
    notice: LinkageNotice = strawberry.field(description="已办结的告知")
    license: License = strawberry.field(description="录入的行政许可")


LinkageNoticeResult = Annotated[
    LinkageNoticePayload | InputError, strawberry.union("LinkageNoticeResult")
]
LinkageLicenseResult = Annotated[
    LinkageLicensePayload | InputError, strawberry.union("LinkageLicenseResult")
]


def notice_id_of(value: strawberry.ID) -> int:
    return node_id_of(value, ("LinkageNotice",), field="id")


# --- the rules -----------------------------------------------------------------------------


@strawberry.input(description="新的证照联动规则")
class LinkageRuleInput:
    code: str = strawberry.field(description="规则编号（唯一）")
    match: LinkageMatch = strawberry.field(description="匹配方式")
    pattern: str = strawberry.field(description="经营范围关键词，或行业代码前缀")
    department_code: str = strawberry.field(description="审批部门的三位部门代码")
    permit_name: str = strawberry.field(description="需办理的许可")
    sign_within_days: int = strawberry.field(default=3, description="签收时限（工作日）")
    handle_within_days: int = strawberry.field(default=20, description="办理时限（工作日）")

    def to_row(self) -> rules.RuleRow:
        return rules.RuleRow(
            code=self.code,
            match=self.match,
            pattern=self.pattern,
            department_code=self.department_code,
            permit_name=self.permit_name,
            sign_within_days=self.sign_within_days,
            handle_within_days=self.handle_within_days,
        )


@strawberry.type(description="证照联动规则变更的结果")
class LinkageRulePayload:
    rule: LinkageRule = strawberry.field(description="变更后的规则")


LinkageRuleResult = Annotated[
    LinkageRulePayload | InputError, strawberry.union("LinkageRuleResult")
]


# --- queries ---------------------------------------------------------------------------------


def _statistics(rows: list[tuple[int, str, int, int, float | None]]) -> LinkageStatistics:
    per_department: dict[int, dict[str, float]] = {}
    for department_id, status, count, late, average in rows:
        figures = per_department.setdefault(
            department_id,
            {"PENDING": 0, "SIGNED": 0, "CLOSED": 0, "overdue": 0, "seconds": 0.0},
        )
        figures[str(status)] += count
        figures["overdue"] += late or 0
        if average is not None:
            figures["seconds"] += float(average) * count
    departments = [
        LinkageDepartmentStatistics(
            department_id=department_id,
            pending=int(f["PENDING"]),
            signed=int(f["SIGNED"]),
            closed=int(f["CLOSED"]),
            total=int(f["PENDING"] + f["SIGNED"] + f["CLOSED"]),
            overdue=int(f["overdue"]),
            average_handling_days=(
                round(f["seconds"] / f["CLOSED"] / SECONDS_PER_DAY, 2) if f["CLOSED"] else None
            ),
        )
        for department_id, f in per_department.items()
    ]
    closed = sum(d.closed for d in departments)
    seconds = sum(f["seconds"] for f in per_department.values())
    return LinkageStatistics(
        departments=departments,
        total=sum(d.total for d in departments),
        overdue=sum(d.overdue for d in departments),
        average_handling_days=round(seconds / closed / SECONDS_PER_DAY, 2) if closed else None,
    )


@strawberry.type
class LinkageQuery:
    @strawberry.field(
        description="证照联动告知（审批部门的收件箱；登记机关可见反馈；"
        "有跨部门查询权限者含本区划下级）；最新在前"
    )
    async def linkage_notices(
        self,
        info: Info,
        filter: LinkageNoticeFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> LinkageNoticeConnection:
        context = info.context
        page = page_args(info, first, after, NEWEST_NOTICES_FIRST)
        notice_filter = NoticeFilter() if filter is None else filter.to_query()
        today = _today()
        rows = await context.scalars(notices_page(context.viewer, notice_filter, today, page))

        async def count() -> int:
            return int(await context.scalar(notices_count(context.viewer, notice_filter, today)))

        return LinkageNoticeConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_NOTICES_FIRST,
            lambda row: LinkageNotice.of(row, today),
            count,
        )

    @strawberry.field(description="证照联动规则（部门用户可见）")
    async def linkage_rules(
        self,
        info: Info,
        enabled: bool | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> LinkageRuleConnection:
        context = info.context
        page = page_args(info, first, after, RULES_IN_ORDER)
        rows = await context.scalars(rules_page(context.viewer, page, enabled))

        async def count() -> int:
            return int(await context.scalar(rules_count(context.viewer, enabled)))

        return LinkageRuleConnection.from_page(
            Page.from_overfetch(list(rows), page), RULES_IN_ORDER, LinkageRule.from_model, count
        )

    @strawberry.field(
        description="证照联动统计：按审批部门的各状态告知数、逾期数、平均办理天数（可见的告知）"
    )
    async def linkage_statistics(
        self, info: Info, filter: LinkageNoticeFilter | None = None
    ) -> LinkageStatistics:
        context = info.context
        notice_filter = NoticeFilter() if filter is None else filter.to_query()
        statement = statistics_by_department(context.viewer, notice_filter, _today())
        async with context.read_sessions() as session:
            rows = await _rows(session, statement)
        return _statistics(rows)


async def _rows(
    session: AsyncSession, statement: AnySelect
) -> list[tuple[int, str, int, int, float | None]]:
    result = await session.execute(statement)
    return [(row[0], str(row[1]), row[2], row[3], row[4]) for row in result]


# --- mutations -------------------------------------------------------------------------------


@strawberry.type
class LinkageMutation:
    @strawberry.mutation(
        description=f"登记注册系统推送新登记的市场主体（每批最多{registrations.MAX_BATCH}条；"
        "按统一社会信用代码+登记日期幂等），按规则向审批部门发出告知"
    )
    async def submit_registrations(
        self,
        info: Info,
        department_id: strawberry.ID,
        registrations_: Annotated[
            list[RegistrationInput], strawberry.argument(name="registrations")
        ],
    ) -> SubmitRegistrationsResult:
        async def make(change: Change) -> SubmitRegistrationsPayload:
            registering = department_id_of(department_id)
            assert registering is not None
            submissions = [value.to_submission() for value in registrations_]
            results = await registrations.submit_registrations(change, registering, submissions)
            today = beijing_date(change.now)
            return SubmitRegistrationsPayload(
                results=[_registration_result(result, today) for result in results]
            )

        return await run_collection(info, make, prefix="")

    @strawberry.mutation(description="签收本部门收到的告知（提交所读的版本号）")
    async def sign_linkage_notice(
        self, info: Info, id: strawberry.ID, version: int
    ) -> LinkageNoticeResult:
        async def make(change: Change) -> LinkageNoticePayload:
            notice = await notices.sign_notice(change, notice_id_of(id), version)
            return LinkageNoticePayload(notice=LinkageNotice.of(notice, beijing_date(change.now)))

        return await run_collection(info, make)

    @strawberry.mutation(
        description="办理已签收的告知：录入行政许可（关联该告知），告知随之办结并反馈登记机关"
    )
    async def record_linkage_license(
        self, info: Info, id: strawberry.ID, version: int, input: LinkageLicenseInput
    ) -> LinkageLicenseResult:
        async def make(change: Change) -> LinkageLicensePayload:
            notice, license = await notices.record_license(
                change, notice_id_of(id), version, input.to_submission, publish=input.publish
            )
            return LinkageLicensePayload(
                notice=LinkageNotice.of(notice, beijing_date(change.now)),
                license=record_from_model(license),  # type: ignore[arg-type]
            )

        return await run_collection(info, make)

    @strawberry.mutation(
        description="办结已签收的告知而不办理许可（无需许可、申请人未申请），须填写原因；"
        "结果反馈登记机关"
    )
    async def close_linkage_notice(
        self, info: Info, id: strawberry.ID, version: int, outcome: LinkageOutcome, reason: str
    ) -> LinkageNoticeResult:
        async def make(change: Change) -> LinkageNoticePayload:
            notice = await notices.close_notice(change, notice_id_of(id), version, outcome, reason)
            return LinkageNoticePayload(notice=LinkageNotice.of(notice, beijing_date(change.now)))

        return await run_collection(info, make)

    @strawberry.mutation(description="新增证照联动规则（省级区划管理员）")
    async def create_linkage_rule(self, info: Info, input: LinkageRuleInput) -> LinkageRuleResult:
        async def make(change: Change) -> LinkageRulePayload:
            rule = await rules.create_rule(change, input.to_row())
            return LinkageRulePayload(rule=LinkageRule.from_model(rule))

        return await run_collection(info, make)

    @strawberry.mutation(
        description="启用或停用证照联动规则（省级区划管理员；已发出的告知不受影响）"
    )
    async def set_linkage_rule_enabled(
        self, info: Info, id: strawberry.ID, enabled: bool
    ) -> LinkageRuleResult:
        async def make(change: Change) -> LinkageRulePayload:
            rule_id = node_id_of(id, ("LinkageRule",), field="id")
            rule = await rules.set_rule_enabled(change, rule_id, enabled)
            return LinkageRulePayload(rule=LinkageRule.from_model(rule))

        return await run_collection(info, make)
