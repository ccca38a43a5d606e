"""Results per drawn object: entered by a department with an inspector on the object, they
become INSPECTION records through record collection (validation, numbering, audit,
publication and outbox are collection's), linked to the plan through the assignment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select
from strawberry.relay import to_base64

from hub.collection import publication, records
from hub.collection.changes import Change, json_value
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid, Problems
from hub.collection.submissions import RecordSubmission, SubjectSubmission
from hub.errors import Forbidden
from hub.inspections.plans import planner_department
from hub.models import (
    Department,
    InspectionAssignment,
    InspectionAssignmentInspector,
    InspectionPlan,
    InspectionPlanItem,
    InspectionPlanStatus,
    InspectionResult,
    Inspector,
    MarketEntity,
    MarketEntityKind,
    RecordKind,
    SubjectCategory,
    SupervisionItem,
)

TARGET_TYPE = "InspectionAssignment"
DOCUMENT_NAME = "双随机抽查检查记录"
MAX_TEXT = 2000

_CATEGORIES = {
    MarketEntityKind.ENTERPRISE: SubjectCategory.LEGAL_PERSON,
    MarketEntityKind.FARMER_COOPERATIVE: SubjectCategory.LEGAL_PERSON,
    MarketEntityKind.INDIVIDUAL_BUSINESS: SubjectCategory.INDIVIDUAL_BUSINESS,
}


@dataclass(frozen=True, slots=True)
class ResultEntry:
    result: InspectionResult
    inspected_on: date
    findings: str | None = None
    handling: str | None = None
    # Publish the record at once (一公开); needs PUBLISH_RECORDS.
    publish: bool = False


def decision_number(plan: InspectionPlan, assignment: InspectionAssignment) -> str:
    """Unique per department and kind, and readable: the plan and the object's position."""
    return f"双随机〔{plan.id}〕第{assignment.position}号"


def _check(entry: ResultEntry, problems: Problems) -> None:
    if entry.result is InspectionResult.PROBLEMS_FOUND and not (entry.findings or "").strip():
        problems.add("findings", "发现问题时请填写问题情况")
    if entry.result is not InspectionResult.NORMAL and not (entry.handling or "").strip():
        problems.add("handling", "请填写处理措施")
    for name, value in (("findings", entry.findings), ("handling", entry.handling)):
        if value is not None and len(value) > MAX_TEXT:
            problems.add(name, f"不能超过{MAX_TEXT}个字符")


async def _item_of(change: Change, plan_id: int, department: Department) -> int | None:
    """The plan's INSPECTION item of the recording department's code, if it has one."""
    item_id = await change.session.scalar(
        select(SupervisionItem.id)
        .join(InspectionPlanItem, InspectionPlanItem.item_id == SupervisionItem.id)
        .join(Department, Department.id == SupervisionItem.department_id)
        .where(
            InspectionPlanItem.plan_id == plan_id,
            Department.code == department.code,
            SupervisionItem.record_kind == RecordKind.INSPECTION,
        )
        .order_by(SupervisionItem.id)
        .limit(1)
    )
    return None if item_id is None else int(item_id)


async def enter_result(
    change: Change, assignment_id: int, entry: ResultEntry
) -> InspectionAssignment:
    department_id = planner_department(change)
    session = change.session
    assignment = await session.get(InspectionAssignment, assignment_id, with_for_update=True)
    if assignment is None:
        raise Invalid.on("id", "检查对象不存在", code=NOT_FOUND)
    on_it = await session.scalar(
        select(
            exists().where(
                InspectionAssignmentInspector.assignment_id == assignment.id,
                Inspector.id == InspectionAssignmentInspector.inspector_id,
                Inspector.department_id == department_id,
            )
        )
    )
    if not on_it:
        raise Forbidden("本部门没有执法检查人员被抽中检查该对象")
    plan = await session.get(InspectionPlan, assignment.plan_id, with_for_update=True)
    assert plan is not None  # a foreign key
    if plan.status not in (InspectionPlanStatus.DRAWN, InspectionPlanStatus.IN_PROGRESS):
        raise Invalid.on("id", "抽查计划不在实施中", code=CONFLICT)
    if assignment.entered_at is not None:
        raise Invalid.on("id", "该检查对象的结果已录入；请修改对应的检查记录", code=CONFLICT)
    problems = Problems()
    _check(entry, problems)
    problems.raise_if_any()

    entity = await session.get(MarketEntity, assignment.entity_id)
    department = await records.department_of(session, department_id)
    assert entity is not None  # a foreign key
    item_id = await _item_of(change, plan.id, department)
    submission = RecordSubmission(
        kind=RecordKind.INSPECTION,
        subject=SubjectSubmission(
            name=entity.name, category=_CATEGORIES[entity.kind], uscc=entity.uscc
        ),
        document_name=DOCUMENT_NAME,
        decision_number=decision_number(plan, assignment),
        decision_date=entry.inspected_on,
        item_id=None if item_id is None else to_base64("SupervisionItem", item_id),
        remark=f"双随机、一公开抽查计划：{plan.name}",
        details={
            "inspected_on": entry.inspected_on,
            "result": entry.result,
            "findings": entry.findings,
            "handling": entry.handling,
        },
    )
    # Collection's own validation and insert: the result is a record like any other.
    valid = await records.validate(change, department, submission)
    record = await records.insert_record(change, valid)

    assignment.result = entry.result
    assignment.inspected_on = entry.inspected_on
    assignment.findings = entry.findings
    assignment.handling = entry.handling
    assignment.result_department_id = department_id
    assignment.record_id = record.id
    assignment.entered_at = change.now
    assignment.publication_due_on = entry.inspected_on + timedelta(
        days=plan.publication_deadline_days
    )
    await session.flush()
    change.audit(
        operation="inspectionAssignment.enterResult",
        target_type=TARGET_TYPE,
        target_id=assignment.id,
        department_id=department_id,
        before={"result": None},
        after={
            "planId": plan.id,
            "result": entry.result.value,
            "inspectedOn": json_value(entry.inspected_on),
            "findings": entry.findings,
            "handling": entry.handling,
            "recordId": record.id,
            "publicationDueOn": json_value(assignment.publication_due_on),
        },
    )
    if plan.status is InspectionPlanStatus.DRAWN:
        plan.status = InspectionPlanStatus.IN_PROGRESS
        await session.flush()
        change.audit(
            operation="inspectionPlan.start",
            target_type="InspectionPlan",
            target_id=plan.id,
            department_id=plan.lead_department_id,
            before={"status": InspectionPlanStatus.DRAWN.value},
            after={"status": plan.status.value},
        )
    if entry.publish:
        await publication.publish_record(change, record.id, record.version)
    return assignment
