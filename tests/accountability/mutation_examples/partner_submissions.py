"""数据对接: a partner system submits a batch (one event per record it changes)."""

from __future__ import annotations

from typing import Any

from hub.db import SessionFactory
from hub.models import RecordKind
from tests.accountability.example_support import (
    MARKET,
    SHENYANG,
    department_id,
    fresh_text,
    global_id,
    record_input,
)
from tests.accountability.mutation_examples import MutationExample


async def _one_record(sessions: SessionFactory) -> dict[str, Any]:
    market = await department_id(sessions, SHENYANG, MARKET)
    return {
        "records": [
            {
                "partnerRecordId": fresh_text("walk-"),
                "departmentId": global_id("Department", market),
                "penalty": await record_input(sessions, RecordKind.PENALTY),
            }
        ]
    }


EXAMPLES = [
    MutationExample(
        field="submitRecords",
        viewer="partner",
        document="""mutation($records: [PartnerRecordInput!]!) {
          submitRecords(records: $records) {
            __typename
            ... on SubmitRecordsPayload { results { outcome code } }
            ... on InputError { message code fieldErrors { field message } }
          } }""",
        prepare=_one_record,
        # One record accepted: its one event.
        audit_events=1,
    ),
]
