"""数据对接: partner systems submit records and read back what they submitted."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select

from hub.auth.policy import readable_partner_submissions
from hub.collection.changes import Change
from hub.collection.partners import (
    MAX_BATCH,
    PartnerEntry,
    SubmissionOutcome,
    SubmissionResult,
    submit_records,
)
from hub.collection.problems import Problem
from hub.context import Info
from hub.errors import BadUserInput
from hub.models import RecordStatus, SupervisionRecord
from hub.pagination import Ordering, Page
from hub.queries.records import WHOLE_RECORDS
from hub.resolvers.record_entry import run_collection
from hub.schema.base import Connection, page_args
from hub.schema.inputs import department_id_of
from hub.schema.mutations import FieldError, InputError
from hub.schema.record_inputs import PartnerRecordInput
from hub.schema.record_kinds import record_from_model
from hub.schema.records import SupervisionRecord as SupervisionRecordType

strawberry.enum(SubmissionOutcome, description="提交结果：新增、已更新、无变化（重复提交）、被拒绝")

NEWEST_SUBMISSIONS_FIRST = Ordering(
    "NEWEST_FIRST", SupervisionRecord.id, SupervisionRecord.id, descending=True
)


@strawberry.type(description="一条提交的结果")
class PartnerRecordResult:
    index: int = strawberry.field(description="在本批中的序号（从0起）")
    partner_record_id: str = strawberry.field(description="对接系统的记录编号")
    outcome: SubmissionOutcome = strawberry.field(description="结果")
    record: SupervisionRecordType | None = strawberry.field(
        description="对应的记录（被拒绝时为空）"
    )
    code: str | None = strawberry.field(description="被拒绝时的错误代码")
    field_errors: list[FieldError] = strawberry.field(
        description="被拒绝时的逐字段错误（路径如 records.3.penalty.subject.uscc）"
    )


@strawberry.type(description="一批提交的结果")
class SubmitRecordsPayload:
    results: list[PartnerRecordResult] = strawberry.field(description="逐条结果，与提交顺序一致")

    @strawberry.field(description="各结果的条数")
    def count(self, outcome: SubmissionOutcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)


SubmitRecordsResult = Annotated[
    SubmitRecordsPayload | InputError, strawberry.union("SubmitRecordsResult")
]


@strawberry.type(description="对接系统提交过的一条记录")
class PartnerSubmission:
    partner_record_id: str = strawberry.field(description="对接系统的记录编号")
    status: RecordStatus = strawberry.field(description="当前状态")
    version: int = strawberry.field(description="版本号")
    submitted_at: datetime = strawberry.field(description="首次提交时间")
    updated_at: datetime = strawberry.field(description="最近变更时间")
    record: SupervisionRecordType = strawberry.field(description="记录")

    @classmethod
    def from_model(cls, row: Any) -> PartnerSubmission:
        return cls(
            partner_record_id=row.partner_record_id,
            status=row.status,
            version=row.version,
            submitted_at=row.created_at,
            updated_at=row.updated_at,
            record=record_from_model(row),
        )


PartnerSubmissionConnection = Connection[PartnerSubmission]


def _entry(index: int, value: PartnerRecordInput) -> PartnerEntry:
    prefix = f"records.{index}"
    problems: list[Problem] = []
    department_id: int | None = None
    try:
        department_id = department_id_of(value.department_id)
    except BadUserInput as error:
        problems.append(Problem(f"{prefix}.departmentId", error.message))
    kinds = value.kind_inputs()
    submission = None
    if len(kinds) != 1:
        problems.append(Problem(prefix, "应恰好填写一个类别的记录"))
    else:
        submission = kinds[0][1].to_submission()
    return PartnerEntry(
        partner_record_id=value.partner_record_id,
        department_id=department_id,
        publish=value.publish,
        submission=submission,
        problems=problems,
    )


def _field_path(index: int, kind_field: str | None, problem: Problem) -> str:
    if problem.field.startswith("records."):
        return problem.field
    if problem.field in ("partnerRecordId", "departmentId", ""):
        return ".".join(part for part in (f"records.{index}", problem.field) if part)
    return ".".join(part for part in (f"records.{index}", kind_field, problem.field) if part)


def _result(result: SubmissionResult, records: list[PartnerRecordInput]) -> PartnerRecordResult:
    kinds = records[result.index].kind_inputs()
    kind_field = kinds[0][0] if len(kinds) == 1 else None
    return PartnerRecordResult(
        index=result.index,
        partner_record_id=result.partner_record_id,
        outcome=result.outcome,
        record=None if result.record is None else record_from_model(result.record),
        code=result.code,
        field_errors=[
            FieldError(
                field=_field_path(result.index, kind_field, problem), message=problem.message
            )
            for problem in result.problems
        ],
    )


@strawberry.type
class PartnerSubmissionMutation:
    @strawberry.mutation(
        description=f"对接系统批量提交监管行为（每批最多{MAX_BATCH}条；逐条成功或拒绝，互不影响）"
    )
    async def submit_records(
        self, info: Info, records: list[PartnerRecordInput]
    ) -> SubmitRecordsResult:
        async def make(change: Change) -> SubmitRecordsPayload:
            entries = [_entry(index, value) for index, value in enumerate(records)]
            results = await submit_records(change, entries)
            return SubmitRecordsPayload(results=[_result(result, records) for result in results])

        return await run_collection(info, make, prefix="")


@strawberry.type
class PartnerSubmissionQuery:
    @strawberry.field(description="对接系统读回自己提交过的记录及其状态（最新在前）")
    async def partner_submissions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> PartnerSubmissionConnection:
        context = info.context
        page = page_args(info, first, after, NEWEST_SUBMISSIONS_FIRST)
        readable = readable_partner_submissions(context.viewer)
        rows = await context.scalars(page.apply(select(WHOLE_RECORDS).where(readable)))

        async def count() -> int:
            statement = select(func.count(SupervisionRecord.id)).where(readable)
            return int(await context.scalar(statement))

        return PartnerSubmissionConnection.from_page(
            Page.from_overfetch(list(rows), page),
            NEWEST_SUBMISSIONS_FIRST,
            PartnerSubmission.from_model,
            count,
        )
