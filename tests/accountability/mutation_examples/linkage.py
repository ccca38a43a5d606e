"""证照联动: the registration feed, the approving department's inbox, the routing rules."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from strawberry.relay import to_base64

from hub.auth.permissions import PartnerScope
from hub.auth.viewer import Viewer
from hub.auth.viewers import staff_viewer
from hub.collection.changes import Change
from hub.db import SessionFactory
from hub.demo import DEMO_PARTNER_CLIENT_ID
from hub.domain.uscc import check_character
from hub.linkage.notices import sign_notice
from hub.linkage.registrations import RegistrationSubmission, submit_registrations
from hub.models import Account, Department, LinkageMatch, LinkageRule, PartnerClient
from tests.accountability.mutation_examples import MutationExample

# 沈阳市交通运输局's business account: HANDLE_LINKAGE, RECORD_ENTRY, PUBLISH_RECORDS.
TRANSPORT_CLERK = "2101003030006"
# The provincial region administrator maintains the province-wide rules.
PROVINCE_ADMINISTRATOR = "2100002310001"
TRANSPORT_SCOPE = "道路货物运输（不含危险货物）；装卸搬运"
RESULT = "__typename ... on InputError { message code fieldErrors { field message } }"

_random = random.Random()


def _uscc(region_code: str = "210106") -> str:
    first_seventeen = f"91{region_code}{_random.randrange(10**9):09d}"
    return first_seventeen + check_character(first_seventeen)


def _registration() -> dict[str, Any]:
    uscc = _uscc()
    return {
        "uscc": uscc,
        "name": f"留痕测试物流有限公司{uscc[-6:]}",
        "regionCode": "210106",
        "businessScope": TRANSPORT_SCOPE,
        "registeredOn": (date.today() - timedelta(days=1)).isoformat(),
        "industryCode": "G54",
    }


async def _registrations(sessions: SessionFactory) -> dict[str, Any]:
    async with sessions() as session:
        market = await session.scalar(
            select(Department.id).where(
                Department.region_code == "210100", Department.code == "231"
            )
        )
    assert market is not None
    return {
        "department": to_base64("Department", market),
        "registrations": [_registration()],
    }


async def _notice(sessions: SessionFactory, *, signed: bool) -> dict[str, Any]:
    """A fresh notice in 沈阳市交通运输局's inbox, pushed through the feed's own service."""
    async with sessions() as session, session.begin():
        client = await session.scalar(
            select(PartnerClient.id).where(PartnerClient.client_id == DEMO_PARTNER_CLIENT_ID)
        )
        market = await session.scalar(
            select(Department.id).where(
                Department.region_code == "210100", Department.code == "231"
            )
        )
        assert client is not None
        assert market is not None
        registrar = Viewer.partner(
            client_id=client,
            department_ids=frozenset({market}),
            scopes=frozenset({PartnerScope.REGISTRATIONS_WRITE}),
        )
        entry = _registration()
        submission = RegistrationSubmission(
            uscc=entry["uscc"],
            name=entry["name"],
            region_code=entry["regionCode"],
            business_scope=entry["businessScope"],
            registered_on=date.fromisoformat(entry["registeredOn"]),
            industry_code=entry["industryCode"],
        )
        [result] = await submit_registrations(Change(session, registrar), market, [submission])
        [notice] = result.notices
        version = notice.version
        if signed:
            account = await session.scalar(
                select(Account.id).where(Account.number == TRANSPORT_CLERK)
            )
            assert account is not None
            clerk = await staff_viewer(session, account)
            assert clerk is not None
            signed_notice = await sign_notice(Change(session, clerk), notice.id, version)
            await session.flush()
            version = signed_notice.version
        return {
            "id": to_base64("LinkageNotice", notice.id),
            "version": version,
            "uscc": entry["uscc"],
        }


async def _pending(sessions: SessionFactory) -> dict[str, Any]:
    values = await _notice(sessions, signed=False)
    return {"id": values["id"], "version": values["version"]}


async def _signed(sessions: SessionFactory) -> dict[str, Any]:
    values = await _notice(sessions, signed=True)
    return {"id": values["id"], "version": values["version"]}


async def _signed_with_license(sessions: SessionFactory) -> dict[str, Any]:
    values = await _notice(sessions, signed=True)
    serial = values["uscc"][-9:]
    return {
        "id": values["id"],
        "version": values["version"],
        "input": {
            "documentName": "道路运输经营许可决定书",
            "decisionNumber": f"沈交运许〔2026〕{serial}号",
            "decisionDate": (date.today() - timedelta(days=1)).isoformat(),
            "licenseCategory": "GENERAL",
            "certificateName": "道路运输经营许可证",
            "licenseNumber": f"辽交运管许可沈字{serial}号",
            "content": "道路普通货物运输",
        },
    }


def _rule_input() -> dict[str, Any]:
    word = f"留痕测试经营{_random.randrange(10**8)}"
    return {
        "input": {
            "code": f"walk-{word}",
            "match": "KEYWORD",
            "pattern": word,
            "departmentCode": "302",
            "permitName": "测试许可证",
        }
    }


async def _new_rule(_sessions: SessionFactory) -> dict[str, Any]:
    return _rule_input()


async def _rule(sessions: SessionFactory) -> dict[str, Any]:
    word = f"留痕测试停用{_random.randrange(10**8)}"
    async with sessions() as session, session.begin():
        rule = LinkageRule(
            code=f"walk-{word}",
            match=LinkageMatch.KEYWORD,
            pattern=word,
            department_code="302",
            permit_name="测试许可证",
        )
        session.add(rule)
        await session.flush()
        return {"id": to_base64("LinkageRule", rule.id), "enabled": False}


EXAMPLES = [
    MutationExample(
        field="submitRegistrations",
        # Needs `registrations:write` on the demo partner client (see the lead's note).
        viewer="partner",
        document="""mutation($department: ID!, $registrations: [RegistrationInput!]!) {
          submitRegistrations(departmentId: $department, registrations: $registrations) {
            __typename
            ... on SubmitRegistrationsPayload { results { outcome code } }
            ... on InputError { message code fieldErrors { field message } }
          } }""",
        prepare=_registrations,
        # The registration, its new market entity, and the one notice to 沈阳市交通运输局.
        audit_events=3,
    ),
    MutationExample(
        field="signLinkageNotice",
        viewer=TRANSPORT_CLERK,
        document=f"""mutation($id: ID!, $version: Int!) {{
          signLinkageNotice(id: $id, version: $version) {{ {RESULT} }} }}""",
        prepare=_pending,
    ),
    MutationExample(
        field="recordLinkageLicense",
        viewer=TRANSPORT_CLERK,
        document=f"""mutation($id: ID!, $version: Int!, $input: LinkageLicenseInput!) {{
          recordLinkageLicense(id: $id, version: $version, input: $input) {{ {RESULT} }} }}""",
        prepare=_signed_with_license,
        # The license record created, and the notice closed with it.
        audit_events=2,
    ),
    MutationExample(
        field="closeLinkageNotice",
        viewer=TRANSPORT_CLERK,
        document=f"""mutation($id: ID!, $version: Int!) {{
          closeLinkageNotice(id: $id, version: $version, outcome: NOT_APPLIED,
                             reason: "申请人表示暂不开展道路运输经营") {{ {RESULT} }} }}""",
        prepare=_signed,
    ),
    MutationExample(
        field="createLinkageRule",
        viewer=PROVINCE_ADMINISTRATOR,
        document=f"""mutation($input: LinkageRuleInput!) {{
          createLinkageRule(input: $input) {{ {RESULT} }} }}""",
        prepare=_new_rule,
    ),
    MutationExample(
        field="setLinkageRuleEnabled",
        viewer=PROVINCE_ADMINISTRATOR,
        document=f"""mutation($id: ID!, $enabled: Boolean!) {{
          setLinkageRuleEnabled(id: $id, enabled: $enabled) {{ {RESULT} }} }}""",
        prepare=_rule,
    ),
]
