"""全程留痕 in the graph: the audit trail, read-only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from hub.context import Info
from hub.errors import BadUserInput
from hub.queries.audit_events import AuditEventFilter as AuditEventQueryFilter
from hub.schema.base import Connection, FromModel, integer_node_ids
from hub.schema.departments import Department, load_department
from hub.schema.inputs import node_id_of
from hub.schema.organisation_inputs import account_number_of, optional_text_of

if TYPE_CHECKING:
    from hub.schema.accounts import Account
    from hub.schema.users import User

AccountRef = Annotated["Account", strawberry.lazy("hub.schema.accounts")]
UserRef = Annotated["User", strawberry.lazy("hub.schema.users")]


@strawberry.type(description="留痕记录：谁、何时、从哪个账号、对哪条数据做了什么")
class AuditEvent(relay.Node, FromModel):
    id: relay.NodeID[int]
    occurred_at: datetime = strawberry.field(description="发生时间")
    operation: str = strawberry.field(description="操作，如 account.create")
    target_type: str = strawberry.field(description="对象类型，如 Account")
    target_id: str = strawberry.field(description="对象ID")
    before: JSON = strawberry.field(description="变更前（仅变更的字段，个人信息已遮蔽）")
    after: JSON = strawberry.field(description="变更后（仅变更的字段，个人信息已遮蔽）")
    client_address: str | None = strawberry.field(description="来源地址")
    account_id: strawberry.Private[int | None]
    user_id: strawberry.Private[int | None]
    department_id: strawberry.Private[int | None]

    @strawberry.field(description="操作账号")
    async def account_number(self, info: Info) -> str | None:
        if self.account_id is None:
            return None
        return await info.context.loaders.account_number_by_id.load(self.account_id)

    @strawberry.field(description="操作账号（当前用户可查看的账号，否则为空）")
    async def account(self, info: Info) -> AccountRef | None:
        from hub.schema.accounts import load_account

        return None if self.account_id is None else await load_account(info, self.account_id)

    @strawberry.field(description="操作人姓名（当时持有该账号的实名用户）")
    async def user_name(self, info: Info) -> str | None:
        if self.user_id is None:
            return None
        return await info.context.loaders.actor_name_by_user_id.load(self.user_id)

    @strawberry.field(description="操作人（当前用户可查看的用户，否则为空）")
    async def user(self, info: Info) -> UserRef | None:
        from hub.schema.users import load_user

        return None if self.user_id is None else await load_user(info, self.user_id)

    @strawberry.field(description="归属部门（其管理员可查阅该记录）")
    async def department(self, info: Info) -> Department | None:
        if self.department_id is None:
            return None
        return await load_department(info, self.department_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[AuditEvent | None]:
        rows = await info.context.loaders.audit_event_by_id.load_many(integer_node_ids(node_ids))
        return [None if row is None else cls.from_model(row) for row in rows]


AuditEventConnection = Connection[AuditEvent]


@strawberry.input(description="留痕记录筛选条件")
class AuditEventFilter:
    operation: str | None = strawberry.field(default=None, description="操作，如 account.create")
    target_type: str | None = strawberry.field(default=None, description="对象类型，如 Account")
    target_id: str | None = strawberry.field(default=None, description="对象ID")
    account_number: str | None = strawberry.field(default=None, description="操作账号")

    def to_query(self) -> AuditEventQueryFilter:
        def text(value: str | None, field: str) -> str | None:
            return optional_text_of(value, field=f"filter.{field}", label="筛选条件", max_length=64)

        return AuditEventQueryFilter(
            operation=text(self.operation, "operation"),
            target_type=text(self.target_type, "targetType"),
            target_id=text(self.target_id, "targetId"),
            account_number=None
            if self.account_number is None
            else account_number_of(self.account_number, field="filter.accountNumber"),
        )


def account_id_of(value: strawberry.ID, *, field: str = "accountId") -> int:
    return node_id_of(value, ("Account",), field=field)


def period_of(
    start: datetime | None, end: datetime | None, *, field: str = "from"
) -> tuple[datetime | None, datetime | None]:
    """A half-open period [start, end); naive times are taken as UTC (what the hub stores)."""
    start, end = _utc(start), _utc(end)
    if start is not None and end is not None and start > end:
        raise BadUserInput("起始时间不能晚于截止时间", field=field)
    return start, end


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    # SQLite stores the UTC wall time: compare in UTC on both backends.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
