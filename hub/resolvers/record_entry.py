"""监管信息归集 by departments: create / update / delete each kind, publish and revoke.

The create and update mutations are made from the kind registry (`RECORD_INPUTS`), two
per kind, so a new kind gets its mutations from its registry entry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar, cast

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from strawberry import relay
from strawberry.types.field import StrawberryField

from hub.collection import publication, records
from hub.collection.changes import Change, write_transaction
from hub.collection.problems import Invalid, stale
from hub.collection.records import DECISION_NUMBER_CONSTRAINT, DUPLICATE_DECISION_NUMBER
from hub.context import Info
from hub.errors import BadUserInput
from hub.models import RecordKind, RecordStatus
from hub.schema.inputs import node_id_of
from hub.schema.mutations import FieldError, InputError
from hub.schema.record_inputs import (
    RECORD_INPUTS,
    DeleteRecordPayload,
    RecordInput,
    RecordPayload,
)
from hub.schema.record_kinds import RECORD_TYPES, record_from_model

T = TypeVar("T")

INPUT = "input"
RECORD_TYPE_NAMES = tuple(record_type.__name__ for record_type in RECORD_TYPES.values())

RecordResult = Annotated[RecordPayload | InputError, strawberry.union("RecordResult")]
DeleteRecordResult = Annotated[
    DeleteRecordPayload | InputError, strawberry.union("DeleteRecordResult")
]


# Arguments beside `input`: their errors are not under it.
ARGUMENTS = frozenset({"id", "version", "reason"})


def _path(prefix: str, field: str) -> str:
    if field in ARGUMENTS:
        return field
    return ".".join(part for part in (prefix, field) if part)


def input_error(error: Invalid, prefix: str = INPUT) -> InputError:
    field_errors = [
        FieldError(field=_path(prefix, problem.field), message=problem.message)
        for problem in error.problems
        if problem.field or prefix
    ]
    return InputError(message=error.message, code=error.code, field_errors=field_errors)


async def run_collection(
    info: Info, make: Callable[[Change], Awaitable[T]], prefix: str = INPUT
) -> T | InputError:
    """Run `make` in the mutation's one transaction; refused input rolls it all back and
    comes back as `InputError`: `Invalid`, a stale version (CONFLICT), a decision number a
    concurrent entry took first. `Forbidden` and bugs propagate as GraphQL errors."""
    try:
        async with write_transaction(info.context) as change:
            return await make(change)
    except Invalid as error:
        return input_error(error, prefix)
    except StaleDataError:
        return input_error(stale(), prefix)
    except IntegrityError as error:
        if DECISION_NUMBER_CONSTRAINT in str(error.orig):
            return input_error(Invalid.on("decisionNumber", DUPLICATE_DECISION_NUMBER), prefix)
        raise
    except BadUserInput as error:
        field = error.extensions.get("field")
        problem = Invalid.on(field if isinstance(field, str) else "", error.message)
        return input_error(problem, prefix)


def record_id_of(value: strawberry.ID, kind: RecordKind | None = None) -> int:
    names = RECORD_TYPE_NAMES if kind is None else (RECORD_TYPES[kind].__name__,)
    return node_id_of(value, names, field="id")


def _payload(record: Any) -> RecordPayload:
    return RecordPayload(record=record_from_model(record))


def _create_mutation(kind: RecordKind) -> StrawberryField:
    type_name = RECORD_TYPES[kind].__name__

    async def create(info: Info, input: RecordInput) -> RecordResult:
        async def make(change: Change) -> RecordPayload:
            return _payload(await records.create_record(change, input.to_submission()))

        return await run_collection(info, make)

    create.__annotations__["input"] = RECORD_INPUTS[kind]
    create.__name__ = f"create_{type_name}"
    return cast(
        StrawberryField,
        strawberry.mutation(
            resolver=create,
            description=f"本部门录入一条{RECORD_TYPES[kind].__strawberry_definition__.description}（草稿）",  # type: ignore[attr-defined]
        ),
    )


def _update_mutation(kind: RecordKind) -> StrawberryField:
    type_name = RECORD_TYPES[kind].__name__

    async def update(
        info: Info, id: strawberry.ID, version: int, input: RecordInput
    ) -> RecordResult:
        async def make(change: Change) -> RecordPayload:
            record = await records.update_record(
                change, record_id_of(id, kind), version, input.to_submission()
            )
            return _payload(record)

        return await run_collection(info, make)

    update.__annotations__["input"] = RECORD_INPUTS[kind]
    update.__name__ = f"update_{type_name}"
    return cast(
        StrawberryField,
        strawberry.mutation(
            resolver=update,
            description=f"修改本部门的{RECORD_TYPES[kind].__strawberry_definition__.description}"  # type: ignore[attr-defined]
            "（提交所读的版本号；已被他人修改则返回 CONFLICT）",
        ),
    )


@strawberry.type
class RecordEntryMutation:
    create_license = _create_mutation(RecordKind.LICENSE)
    update_license = _update_mutation(RecordKind.LICENSE)
    create_inspection = _create_mutation(RecordKind.INSPECTION)
    update_inspection = _update_mutation(RecordKind.INSPECTION)
    create_filing = _create_mutation(RecordKind.FILING)
    update_filing = _update_mutation(RecordKind.FILING)
    create_penalty = _create_mutation(RecordKind.PENALTY)
    update_penalty = _update_mutation(RecordKind.PENALTY)
    create_enforcement = _create_mutation(RecordKind.ENFORCEMENT)
    update_enforcement = _update_mutation(RecordKind.ENFORCEMENT)
    create_blacklist_entry = _create_mutation(RecordKind.BLACKLIST)
    update_blacklist_entry = _update_mutation(RecordKind.BLACKLIST)

    @strawberry.mutation(description="删除本部门的草稿（已公示的记录请撤销）；保留审计记录")
    async def delete_record(
        self, info: Info, id: strawberry.ID, version: int
    ) -> DeleteRecordResult:
        async def make(change: Change) -> DeleteRecordPayload:
            record = await records.delete_record(change, record_id_of(id), version)
            type_name = RECORD_TYPES[record.kind].__name__
            return DeleteRecordPayload(
                deleted_record_id=strawberry.ID(relay.to_base64(type_name, record.id))
            )

        return await run_collection(info, make)

    @strawberry.mutation(description="公示本部门的草稿（提交所读的版本号）")
    async def publish_record(self, info: Info, id: strawberry.ID, version: int) -> RecordResult:
        async def make(change: Change) -> RecordPayload:
            return _payload(await publication.publish_record(change, record_id_of(id), version))

        return await run_collection(info, make)

    @strawberry.mutation(description="撤销已公示的记录（决定被撤销）；社会公众不再可见，保留历史")
    async def revoke_record(
        self, info: Info, id: strawberry.ID, version: int, reason: str
    ) -> RecordResult:
        async def make(change: Change) -> RecordPayload:
            record = await publication.end_publication(
                change, record_id_of(id), version, reason, RecordStatus.REVOKED
            )
            return _payload(record)

        return await run_collection(info, make)

    @strawberry.mutation(description="撤回已公示的记录（如信用修复、提前结束公示）；保留历史")
    async def withdraw_record(
        self, info: Info, id: strawberry.ID, version: int, reason: str
    ) -> RecordResult:
        async def make(change: Change) -> RecordPayload:
            record = await publication.end_publication(
                change, record_id_of(id), version, reason, RecordStatus.WITHDRAWN
            )
            return _payload(record)

        return await run_collection(info, make)
