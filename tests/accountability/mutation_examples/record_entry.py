"""监管信息归集 by a department: create and update each kind, delete a draft. Subjects are
demo entities, so no entity is created alongside (a second change, with its own event)."""

from __future__ import annotations

from typing import Any

from hub.db import SessionFactory
from hub.models import RecordKind
from hub.schema.record_kinds import RECORD_TYPES
from tests.accountability.example_support import global_id, new_record, record_input
from tests.accountability.mutation_examples import MutationExample

# 沈阳市市场监督管理局's business account: RECORD_ENTRY and PUBLISH_RECORDS.
CLERK = "2101002310006"

RESULT = "__typename ... on InputError { message code fieldErrors { field message } }"

NAMES = {
    RecordKind.LICENSE: "License",
    RecordKind.INSPECTION: "Inspection",
    RecordKind.FILING: "Filing",
    RecordKind.PENALTY: "Penalty",
    RecordKind.ENFORCEMENT: "Enforcement",
    RecordKind.BLACKLIST: "BlacklistEntry",
}


def _create(kind: RecordKind) -> MutationExample:
    name = NAMES[kind]

    async def prepare(sessions: SessionFactory) -> dict[str, Any]:
        return {"input": await record_input(sessions, kind)}

    return MutationExample(
        field=f"create{name}",
        viewer=CLERK,
        document=f"""mutation($input: {name}Input!) {{
          create{name}(input: $input) {{ {RESULT} }} }}""",
        prepare=prepare,
    )


def _draft_id(kind: RecordKind, record_id: int) -> str:
    return global_id(RECORD_TYPES[kind].__name__, record_id)


def _update(kind: RecordKind) -> MutationExample:
    name = NAMES[kind]

    async def prepare(sessions: SessionFactory) -> dict[str, Any]:
        record_id, version = await new_record(sessions, CLERK, kind)
        changed = await record_input(sessions, kind)
        return {"id": _draft_id(kind, record_id), "version": version, "input": changed}

    return MutationExample(
        field=f"update{name}",
        viewer=CLERK,
        document=f"""mutation($id: ID!, $version: Int!, $input: {name}Input!) {{
          update{name}(id: $id, version: $version, input: $input) {{ {RESULT} }} }}""",
        prepare=prepare,
    )


async def _draft(sessions: SessionFactory) -> dict[str, Any]:
    record_id, version = await new_record(sessions, CLERK)
    return {"id": _draft_id(RecordKind.PENALTY, record_id), "version": version}


EXAMPLES = [
    *(_create(kind) for kind in RecordKind),
    *(_update(kind) for kind in RecordKind),
    MutationExample(
        field="deleteRecord",
        viewer=CLERK,
        document=f"""mutation($id: ID!, $version: Int!) {{
          deleteRecord(id: $id, version: $version) {{ {RESULT} }} }}""",
        prepare=_draft,
    ),
]
