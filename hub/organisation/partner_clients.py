"""数据对接: partner systems' OAuth2 clients, bound to departments their creator administers.

The secret is returned once, at creation and at each rotation; only its hash is kept.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hub.auth.permissions import PartnerScope, Permission
from hub.errors import Forbidden
from hub.models import Department, PartnerClient, PartnerClientDepartment
from hub.organisation.authority import administers, require_permission
from hub.organisation.change import Change
from hub.organisation.credentials import partner_client_id, partner_client_secret
from hub.organisation.refusals import CONFLICT, NOT_FOUND, Refused

MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ClientWithSecret:
    client: PartnerClient
    department_ids: list[int]
    secret: str


def _require_manager(change: Change) -> None:
    require_permission(change.viewer, Permission.MANAGE_PARTNER_CLIENTS, "尚未获得数据对接管理权限")


async def create_partner_client(
    change: Change,
    *,
    name: str,
    department_ids: Collection[int],
    scopes: Collection[PartnerScope],
) -> ClientWithSecret:
    _require_manager(change)
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise Refused(f"名称应为1到{MAX_NAME_LENGTH}个字符", field="name")
    if not department_ids:
        raise Refused("至少绑定一个部门", field="departmentIds")
    if not scopes:
        raise Refused("至少选择一项授权范围", field="scopes")
    session = change.session
    departments = (
        await session.scalars(select(Department).where(Department.id.in_(department_ids)))
    ).all()
    if len(departments) != len(set(department_ids)):
        raise Refused("部门不存在", field="departmentIds", code=NOT_FOUND)
    if not all(administers(change.viewer, department) for department in departments):
        raise Forbidden("只能绑定本人管理的部门")
    secret, secret_hash = partner_client_secret()
    scope_text = " ".join(sorted(scope.value for scope in set(scopes)))
    client = PartnerClient(
        client_id=partner_client_id(),
        name=name,
        secret_hash=secret_hash,
        scopes=scope_text,
        enabled=True,
        created_by_account_id=change.viewer.account_id,
    )
    session.add(client)
    await session.flush()
    bound = sorted(department.id for department in departments)
    session.add_all(
        PartnerClientDepartment(client_id=client.id, department_id=department_id)
        for department_id in bound
    )
    await session.flush()
    change.record(
        operation="partnerClient.create",
        target_type="PartnerClient",
        target_id=client.id,
        department_id=change.viewer.department_id,
        after={
            "clientId": client.client_id,
            "name": name,
            "departmentIds": bound,
            "scopes": scope_text,
        },
    )
    return ClientWithSecret(client, bound, secret)


async def _managed_client(change: Change, client_id: int) -> PartnerClient:
    """A client all of whose departments the viewer administers, locked for this change."""
    _require_manager(change)
    session = change.session
    client = await session.scalar(
        select(PartnerClient).where(PartnerClient.id == client_id).with_for_update()
    )
    if client is None:
        raise Refused("对接客户端不存在", field="partnerClientId", code=NOT_FOUND)
    departments = (
        await session.scalars(
            select(Department)
            .join(PartnerClientDepartment, PartnerClientDepartment.department_id == Department.id)
            .where(PartnerClientDepartment.client_id == client.id)
        )
    ).all()
    if not departments or not all(administers(change.viewer, d) for d in departments):
        raise Forbidden("只能管理绑定本人所管理部门的对接客户端")
    return client


def _record(
    change: Change,
    operation: str,
    client: PartnerClient,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    change.record(
        operation=operation,
        target_type="PartnerClient",
        target_id=client.id,
        department_id=change.viewer.department_id,
        before={"clientId": client.client_id, **before},
        after={"clientId": client.client_id, **after},
    )


async def disable_partner_client(change: Change, *, client_id: int) -> PartnerClient:
    """A disabled client gets no new tokens and its current ones stop working."""
    client = await _managed_client(change, client_id)
    if not client.enabled:
        raise Refused("该对接客户端已停用", field="partnerClientId", code=CONFLICT)
    client.enabled = False
    await change.session.flush()
    _record(change, "partnerClient.disable", client, {"enabled": True}, {"enabled": False})
    return client


async def rotate_partner_client_secret(change: Change, *, client_id: int) -> ClientWithSecret:
    """A new secret replaces the old one at once."""
    client = await _managed_client(change, client_id)
    secret, secret_hash = partner_client_secret()
    client.secret_hash = secret_hash
    await change.session.flush()
    _record(change, "partnerClient.rotateSecret", client, {}, {"secretRotated": True})
    department_ids = (
        await change.session.scalars(
            select(PartnerClientDepartment.department_id).where(
                PartnerClientDepartment.client_id == client.id
            )
        )
    ).all()
    return ClientWithSecret(client, sorted(department_ids), secret)
