"""监管公告: a department drafts, publishes and withdraws its announcements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub.auth.viewers import staff_viewer
from hub.collection.announcements import create_announcement, publish_announcement
from hub.collection.changes import Change
from hub.db import SessionFactory
from hub.models import Account
from tests.accountability.example_support import fresh_text, global_id
from tests.accountability.mutation_examples import MutationExample

# 沈阳市市场监督管理局's business account: PUBLISH_RECORDS.
CLERK = "2101002310006"

RESULT = "__typename ... on InputError { message code fieldErrors { field message } }"


async def _announcement(sessions: SessionFactory, *, published: bool) -> int:
    async with sessions() as session, session.begin():
        account = await session.scalar(select(Account.id).where(Account.number == CLERK))
        assert account is not None
        viewer = await staff_viewer(session, account)
        assert viewer is not None
        change = Change(session, viewer)
        announcement = await create_announcement(
            change, title=fresh_text("留痕公告"), body="留痕测试公告正文", target_usccs=[]
        )
        if published:
            announcement = await publish_announcement(change, announcement.id)
        await session.flush()
        return announcement.id


async def _draft(sessions: SessionFactory) -> dict[str, Any]:
    return {"id": global_id("Announcement", await _announcement(sessions, published=False))}


async def _published(sessions: SessionFactory) -> dict[str, Any]:
    announcement = await _announcement(sessions, published=True)
    return {"id": global_id("Announcement", announcement), "reason": "留痕测试"}


EXAMPLES = [
    MutationExample(
        field="createAnnouncement",
        viewer=CLERK,
        document=f"""mutation($input: CreateAnnouncementInput!) {{
          createAnnouncement(input: $input) {{ {RESULT} }} }}""",
        variables={"input": {"title": "留痕测试公告", "body": "留痕测试公告正文"}},
    ),
    MutationExample(
        field="publishAnnouncement",
        viewer=CLERK,
        document=f"""mutation($id: ID!) {{ publishAnnouncement(id: $id) {{ {RESULT} }} }}""",
        prepare=_draft,
    ),
    MutationExample(
        field="withdrawAnnouncement",
        viewer=CLERK,
        document=f"""mutation($id: ID!, $reason: String!) {{
          withdrawAnnouncement(id: $id, reason: $reason) {{ {RESULT} }} }}""",
        prepare=_published,
    ),
]
