"""The demo accounts: ready to sign in, held by named users, granted as a proper tree."""

from __future__ import annotations

from sqlalchemy import select

from hub.auth.passwords import password_problems, verify_secret
from hub.auth.permissions import Permission
from hub.db import SessionFactory
from hub.demo import DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET, DEMO_PASSWORD, DemoSummary
from hub.demo.accounts import DEMO_ACCOUNTS
from hub.domain.id_numbers import is_valid_resident_id
from hub.models import (
    Account,
    Department,
    PartnerClient,
    PartnerClientDepartment,
    PermissionGrant,
    User,
)

NUMBERS = {spec.number for spec in DEMO_ACCOUNTS}


def test_the_demo_password_passes_the_policy() -> None:
    for spec in DEMO_ACCOUNTS:
        assert password_problems(DEMO_PASSWORD, account_number=spec.number) == []


def test_the_accounts_the_portal_needs_are_there() -> None:
    assert {
        "2100002310001",
        "2101002310001",
        "2101002310006",
        "2101022310006",
    } <= NUMBERS
    shenyang_departments = {
        n[6:9] for n in NUMBERS if n.startswith("210100") and n.endswith("0006")
    }
    assert len(shenyang_departments - {"231"}) >= 3
    assert any(not n.startswith("2101") and n.endswith("0006") for n in NUMBERS)


def test_every_account_is_granted_only_what_its_granter_holds() -> None:
    specs = {spec.number: spec for spec in DEMO_ACCOUNTS}
    order = [spec.number for spec in DEMO_ACCOUNTS]
    [root] = [spec for spec in DEMO_ACCOUNTS if spec.granted_by is None]
    assert root.number == "2100002310001"
    assert set(root.permissions) == set(Permission)
    for spec in DEMO_ACCOUNTS:
        if spec.granted_by is None:
            continue
        granter = specs[spec.granted_by]
        assert order.index(granter.number) < order.index(spec.number)
        assert set(spec.permissions) <= set(granter.permissions)
        assert granter.number.endswith(("0001", "0002", "0003", "0004", "0005"))


async def test_the_demo_accounts_are_ready_to_sign_in(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    async with session_factory() as session:
        rows = (
            await session.execute(
                select(Account, User, Department)
                .join(User, User.id == Account.user_id)
                .join(Department, Department.id == Account.department_id)
                .where(Account.number.in_(NUMBERS))
            )
        ).all()
    assert len(rows) == len(DEMO_ACCOUNTS)
    names = {spec.number: spec.name for spec in DEMO_ACCOUNTS}
    for account, user, department in rows:
        assert account.must_change_password is False
        assert account.password_hash is not None
        assert (department.region_code, department.code) == (
            account.number[:6],
            account.number[6:9],
        )
        assert user.name == names[account.number]
        assert user.id_number is not None
        assert is_valid_resident_id(user.id_number)
        assert user.phone is not None
        assert len(user.phone) == 11
        assert user.department_id == account.department_id
    # one hash checked is enough: they share the password, not the salt
    hashes = {account.password_hash for account, _, _ in rows}
    assert len(hashes) == len(rows)
    assert verify_secret(rows[0][0].password_hash or "", DEMO_PASSWORD)


async def test_the_grants_form_a_tree_rooted_at_the_provincial_administrator(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    async with session_factory() as session:
        numbers = {
            row.id: row.number
            for row in await session.execute(
                select(Account.id, Account.number).where(Account.number.in_(NUMBERS))
            )
        }
        grants = {
            grant.id: grant
            for grant in (
                await session.execute(
                    select(PermissionGrant).where(PermissionGrant.account_id.in_(numbers))
                )
            ).scalars()
        }
    assert len(grants) == sum(len(spec.permissions) for spec in DEMO_ACCOUNTS)
    for grant in grants.values():
        assert grant.account_id is not None
        if grant.parent_grant_id is None:
            assert numbers[grant.account_id] == "2100002310001"
            assert grant.granted_by_account_id is None
            continue
        parent = grants[grant.parent_grant_id]
        assert parent.permission == grant.permission
        assert parent.account_id == grant.granted_by_account_id
    held = {
        (numbers[g.account_id], Permission(g.permission)) for g in grants.values() if g.account_id
    }
    assert ("2101002310006", Permission.CROSS_DEPARTMENT_QUERY) in held
    assert ("2101022310006", Permission.RECORD_ENTRY) in held
    assert ("2101022310006", Permission.CROSS_DEPARTMENT_QUERY) not in held


async def test_the_demo_partner_client(
    session_factory: SessionFactory, demo_data: DemoSummary
) -> None:
    async with session_factory() as session:
        client = (
            await session.execute(
                select(PartnerClient).where(PartnerClient.client_id == DEMO_PARTNER_CLIENT_ID)
            )
        ).scalar_one()
        departments = (
            (
                await session.execute(
                    select(Department.name)
                    .join(
                        PartnerClientDepartment,
                        PartnerClientDepartment.department_id == Department.id,
                    )
                    .where(PartnerClientDepartment.client_id == client.id)
                )
            )
            .scalars()
            .all()
        )
    assert client.enabled
    assert client.scopes == "records:write records:read registrations:write"
    assert client.secret_hash != DEMO_PARTNER_SECRET
    assert verify_secret(client.secret_hash, DEMO_PARTNER_SECRET)
    assert departments == ["沈阳市市场监督管理局"]
    assert demo_data.counts["accounts"] == len(DEMO_ACCOUNTS)
    assert demo_data.counts["partner_clients"] == 1
