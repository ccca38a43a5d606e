"""公示: a department publishes its drafts, revokes or withdraws what it published."""

from __future__ import annotations

from typing import Any

from hub.auth.viewers import staff_viewer
from hub.collection.changes import Change
from hub.collection.publication import publish_record
from hub.db import SessionFactory
from hub.models import RecordKind
from hub.schema.record_kinds import RECORD_TYPES
from tests.accountability.example_support import account_id, global_id, new_record
from tests.accountability.mutation_examples import MutationExample

# 沈阳市市场监督管理局's business account: RECORD_ENTRY and PUBLISH_RECORDS.
CLERK = "2101002310006"
PENALTY = RECORD_TYPES[RecordKind.PENALTY].__name__

RESULT = "__typename ... on InputError { message code fieldErrors { field message } }"


async def _draft(sessions: SessionFactory) -> dict[str, Any]:
    record_id, version = await new_record(sessions, CLERK)
    return {"id": global_id(PENALTY, record_id), "version": version}


async def _published(sessions: SessionFactory) -> dict[str, Any]:
    """A penalty entered and published through the services themselves."""
    record_id, version = await new_record(sessions, CLERK)
    clerk = await account_id(sessions, CLERK)
    async with sessions() as session, session.begin():
        viewer = await staff_viewer(session, clerk)
        assert viewer is not None
        record = await publish_record(Change(session, viewer), record_id, version)
        await session.flush()
        version = record.version
    return {"id": global_id(PENALTY, record_id), "version": version, "reason": "留痕测试"}


def _ending(field: str) -> MutationExample:
    return MutationExample(
        field=field,
        viewer=CLERK,
        document=f"""mutation($id: ID!, $version: Int!, $reason: String!) {{
          {field}(id: $id, version: $version, reason: $reason) {{ {RESULT} }} }}""",
        prepare=_published,
    )


EXAMPLES = [
    MutationExample(
        field="publishRecord",
        viewer=CLERK,
        document=f"""mutation($id: ID!, $version: Int!) {{
          publishRecord(id: $id, version: $version) {{ {RESULT} }} }}""",
        prepare=_draft,
    ),
    _ending("revokeRecord"),
    _ending("withdrawRecord"),
]
