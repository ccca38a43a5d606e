"""The sign-in family: each writes its one audit event (the account as its actor)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hub.auth.passwords import hash_secret
from hub.auth.tokens import new_refresh_token, new_session_id
from hub.db import SessionFactory
from hub.models import Account, Department, RefreshToken
from hub.models.base import utcnow
from tests.accountability.example_support import new_account
from tests.accountability.mutation_examples import MutationExample

PASSWORD = "Walk@2026pass"
NEW_PASSWORD = "Walk@2026next"
# Accounts of 和平区市场监督管理局 the walk signs in as (changing a demo account's password
# would break every later test that signs in with it).
CHANGES_PASSWORD = "2101022317901"
COMPLETES_FIRST_LOGIN = "2101022317902"

RESULT = "__typename ... on InputError { message code fieldErrors { field message } }"


async def _fixed_account(sessions: SessionFactory, number: str, *, first_login: bool) -> None:
    """The account `number`, held by nobody, enabled, with PASSWORD (initial or not)."""
    async with sessions() as session, session.begin():
        account = await session.scalar(select(Account).where(Account.number == number))
        if account is None:
            department = await session.scalar(
                select(Department.id).where(
                    Department.region_code == number[:6], Department.code == number[6:9]
                )
            )
            assert department is not None
            account = Account(number=number, department_id=department)
            session.add(account)
        account.password_hash = hash_secret(PASSWORD)
        account.must_change_password = first_login
        account.user_id = None


async def _department(sessions: SessionFactory) -> int:
    async with sessions() as session:
        found = await session.scalar(
            select(Department.id).where(
                Department.region_code == "210102", Department.code == "231"
            )
        )
    assert found is not None
    return int(found)


async def _login(sessions: SessionFactory) -> dict[str, Any]:
    account = await new_account(sessions, await _department(sessions), password=PASSWORD)
    async with sessions() as session:
        number = await session.scalar(select(Account.number).where(Account.id == account))
    return {"account": number, "password": PASSWORD}


async def _refresh_token(sessions: SessionFactory) -> dict[str, Any]:
    """A live refresh token of a fresh sign-in (as login issues it)."""
    account = await new_account(sessions, await _department(sessions), password=PASSWORD)
    token, token_hash = new_refresh_token()
    now = utcnow()
    async with sessions() as session, session.begin():
        session.add(
            RefreshToken(
                account_id=account,
                token_hash=token_hash,
                family=new_session_id(),
                issued_at=now,
                expires_at=now + timedelta(days=1),
            )
        )
    return {"token": token}


async def _changes_password(sessions: SessionFactory) -> dict[str, Any]:
    await _fixed_account(sessions, CHANGES_PASSWORD, first_login=False)
    return {}


async def _completes_first_login(sessions: SessionFactory) -> dict[str, Any]:
    await _fixed_account(sessions, COMPLETES_FIRST_LOGIN, first_login=True)
    return {}


EXAMPLES = [
    MutationExample(
        field="login",
        viewer="public",
        document=f"""mutation($account: String!, $password: String!) {{
          login(account: $account, password: $password) {{ {RESULT} }} }}""",
        prepare=_login,
    ),
    MutationExample(
        field="refreshToken",
        viewer="public",
        document=f"""mutation($token: String!) {{
          refreshToken(refreshToken: $token) {{ {RESULT} }} }}""",
        prepare=_refresh_token,
    ),
    MutationExample(
        field="logout",
        viewer="public",
        document=f"""mutation($token: String!) {{ logout(refreshToken: $token) {{ {RESULT} }} }}""",
        prepare=_refresh_token,
    ),
    MutationExample(
        field="changePassword",
        viewer=CHANGES_PASSWORD,
        document=f"""mutation($current: String!, $new: String!) {{
          changePassword(currentPassword: $current, newPassword: $new) {{ {RESULT} }} }}""",
        variables={"current": PASSWORD, "new": NEW_PASSWORD},
        prepare=_changes_password,
    ),
    MutationExample(
        field="completeFirstLogin",
        viewer=COMPLETES_FIRST_LOGIN,
        document=f"""mutation($input: CompleteFirstLoginInput!) {{
          completeFirstLogin(input: $input) {{ {RESULT} }} }}""",
        variables={
            "input": {"phone": "13912345678", "name": "留痕测试", "newPassword": NEW_PASSWORD}
        },
        prepare=_completes_first_login,
    ),
]
