"""Signing in and out: the service functions behind the sign-in mutations and /oauth/token.

Each function returns its outcome, or a `Refused` saying why in words a person can read;
nothing here raises for a refused attempt, so the refusal's own bookkeeping (a failed
attempt counted, a lock set, a replayed refresh token's family revoked) is committed.

Password and secret hashes are slow on purpose (Argon2id, ~50 ms), so:
- the attempt limits (per client address, per account) are checked before any hash;
- a hash is computed outside any database transaction, in a worker thread;
- an unknown account costs a hash too (against a dummy hash), answers with the same
  message as a wrong password, and locks after as many failures as a real one.

Every change writes its audit event in its own transaction (`hub.audit.record_change`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import record_change
from hub.auth.directives import Mask
from hub.auth.keys import KeyStore
from hub.auth.masks import mask_value
from hub.auth.passwords import generate_secret, hash_secret, needs_rehash, password_problems
from hub.auth.passwords import verify_secret as argon2_verify
from hub.auth.rate_limit import AttemptLimiter, Limited
from hub.auth.tokens import (
    ACCOUNT_NUMBER,
    IssuedToken,
    TokenKind,
    is_client_id,
    issue_access_token,
    new_refresh_token,
    new_session_id,
    refresh_token_hash,
)
from hub.auth.viewer import Viewer
from hub.db import SessionFactory
from hub.domain.id_numbers import check_id_number, normalize_id_number
from hub.errors import BAD_USER_INPUT
from hub.models import (
    Account,
    AccountStatus,
    Department,
    PartnerClient,
    PartnerClientDepartment,
    RefreshToken,
    User,
)
from hub.models.base import utcnow
from hub.settings import Settings

logger = logging.getLogger("hub.auth")

# Codes of refusals (`InputError.code` in the graph).
INVALID_CREDENTIALS: Final = "INVALID_CREDENTIALS"
ACCOUNT_LOCKED: Final = "ACCOUNT_LOCKED"
ACCOUNT_DISABLED: Final = "ACCOUNT_DISABLED"
RATE_LIMITED: Final = "RATE_LIMITED"
INVALID_REFRESH_TOKEN: Final = "INVALID_REFRESH_TOKEN"
FIRST_LOGIN_COMPLETED: Final = "FIRST_LOGIN_COMPLETED"

INVALID_CREDENTIALS_MESSAGE: Final = "账号或密码错误"
INVALID_REFRESH_TOKEN_MESSAGE: Final = "登录已失效，请重新登录"

# Audit operations.
LOGIN_SUCCEEDED: Final = "account.login_succeeded"
LOGIN_FAILED: Final = "account.login_failed"
PASSWORD_CHECK_FAILED: Final = "account.password_check_failed"
ACCOUNT_LOCKED_EVENT: Final = "account.locked"
PASSWORD_CHANGED: Final = "account.password_changed"
FIRST_LOGIN_COMPLETED_EVENT: Final = "account.first_login_completed"
FAMILY_REVOKED: Final = "refresh_family.revoked"
REFRESH_TOKEN_ROTATED: Final = "refresh_family.rotated"
PARTNER_TOKEN_ISSUED: Final = "partner_client.token_issued"

PHONE = re.compile(r"^1[3-9][0-9]{9}$")
NAME_LENGTH = (2, 32)

Clock = Callable[[], datetime]
Verifier = Callable[[str, str], bool]
Hasher = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Refused:
    """Why an attempt was refused: an overall message and, where one input is at fault,
    messages by input field (camelCase path)."""

    code: str
    message: str
    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def on(cls, field_path: str, message: str, code: str = BAD_USER_INPUT) -> Refused:
        return cls(code, message, ((field_path, message),))


@dataclass(frozen=True, slots=True)
class SignedIn:
    access_token: IssuedToken
    refresh_token: str
    password_change_required: bool


@dataclass(frozen=True, slots=True)
class PartnerToken:
    access_token: IssuedToken
    scopes: tuple[str, ...]


@dataclass
class AuthServices:
    """What signing in needs, once per process: settings, the signing key, the attempt
    limiter, and (replaceable in tests) the clock and the password hash functions."""

    settings: Settings
    keys: KeyStore
    limiter: AttemptLimiter
    clock: Clock = utcnow
    verify_password: Verifier = argon2_verify
    hash_password: Hasher = hash_secret
    _dummy_hash: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> AuthServices:
        return cls(
            settings=settings,
            keys=KeyStore(settings.key_dir, settings.jwt_private_key_file),
            limiter=AttemptLimiter.from_settings(settings),
        )

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        """Check a secret against its hash, in a worker thread; with no hash, against a
        dummy one, so that a missing account costs what a real one does."""
        if stored_hash is None:
            if self._dummy_hash is None:
                self._dummy_hash = await asyncio.to_thread(self.hash_password, generate_secret())
            await asyncio.to_thread(self.verify_password, self._dummy_hash, secret)
            return False
        return await asyncio.to_thread(self.verify_password, stored_hash, secret)

    async def hash(self, secret: str) -> str:
        return await asyncio.to_thread(self.hash_password, secret)

    def access_token(
        self, *, subject: str, kind: TokenKind, now: datetime, **claims: Any
    ) -> IssuedToken:
        return issue_access_token(
            self.keys.get(), self.settings, subject=subject, kind=kind, now=now, **claims
        )


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every datetime the hub stores is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _limited(limited: Limited) -> Refused:
    return Refused(RATE_LIMITED, f"尝试过于频繁，请{limited.retry_after}秒后再试")


def _locked(until: datetime, now: datetime) -> Refused:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return Refused(ACCOUNT_LOCKED, f"登录失败次数过多，账号已锁定，请{minutes}分钟后再试")


def _actor(account: Account, region_code: str) -> Viewer:
    """The account as the actor of its own sign-in events."""
    return Viewer.staff(
        department_id=account.department_id,
        region_code=region_code,
        permissions=frozenset(),
        account_id=account.id,
        user_id=account.user_id,
    )


_SYSTEM = Viewer.public()


async def _account_where(
    sessions: SessionFactory, condition: ColumnElement[bool]
) -> tuple[Account, str] | None:
    """The account matching `condition`, with its department's region code."""
    async with sessions() as session:
        row = (
            await session.execute(
                select(Account, Department.region_code)
                .join(Department, Department.id == Account.department_id)
                .where(condition)
            )
        ).first()
    return None if row is None else (row[0], row[1])


async def _revoke_sessions(
    session: AsyncSession, account_id: int, now: datetime, *, family: str | None = None
) -> list[str]:
    """Revoke every live refresh token of the account (or of one family); the families."""
    statement = (
        update(RefreshToken)
        .where(RefreshToken.account_id == account_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(RefreshToken.family)
        .execution_options(synchronize_session=False)
    )
    if family is not None:
        statement = statement.where(RefreshToken.family == family)
    return sorted(set((await session.execute(statement)).scalars()))


async def _count_failure(
    services: AuthServices,
    sessions: SessionFactory,
    account: Account,
    region_code: str,
    now: datetime,
    address: str | None,
    operation: str,
) -> None:
    """One more failed password check; at the limit, lock the account."""
    settings = services.settings
    async with sessions() as session, session.begin():
        failures = (
            await session.execute(
                update(Account)
                .where(Account.id == account.id)
                .values(failed_logins=Account.failed_logins + 1)
                .returning(Account.failed_logins)
                .execution_options(synchronize_session=False)
            )
        ).scalar_one()
        actor = _actor(account, region_code)
        record_change(
            session,
            actor,
            operation=operation,
            target_type="account",
            target_id=account.id,
            after={"failedLogins": failures},
            client_address=address,
        )
        if failures >= settings.login_max_failures:
            until = now + timedelta(seconds=settings.login_lockout_seconds)
            await session.execute(
                update(Account)
                .where(Account.id == account.id)
                .values(failed_logins=0, locked_until=until)
                .execution_options(synchronize_session=False)
            )
            record_change(
                session,
                actor,
                operation=ACCOUNT_LOCKED_EVENT,
                target_type="account",
                target_id=account.id,
                after={"lockedUntil": until.isoformat()},
                client_address=address,
            )


# --- login ---------------------------------------------------------------------------


def account_shape_problem(number: str) -> str | None:
    return None if ACCOUNT_NUMBER.match(number) else "账号应为13位数字"


async def login(
    services: AuthServices,
    sessions: SessionFactory,
    *,
    number: str,
    password: str,
    address: str | None,
) -> SignedIn | Refused:
    problem = account_shape_problem(number)
    if problem is not None:
        return Refused.on("account", problem)
    if not password:
        return Refused.on("password", "请输入密码")
    limited = await services.limiter.attempt("login", address=address, subject=number)
    if limited is not None:
        return _limited(limited)

    found = await _account_where(sessions, Account.number == number)
    if found is None or found[0].password_hash is None or found[0].sequence == 0:
        return await _unknown_account(services, sessions, number, password, address)
    account, region_code = found
    now = services.clock()
    if account.locked_until is not None and aware(account.locked_until) > now:
        return _locked(aware(account.locked_until), now)
    verified_hash = account.password_hash
    assert verified_hash is not None
    if not await services.verify(verified_hash, password):
        await _count_failure(services, sessions, account, region_code, now, address, LOGIN_FAILED)
        return Refused(INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    if account.status is not AccountStatus.ENABLED:
        return Refused(ACCOUNT_DISABLED, "账号已停用，请联系部门管理员")
    rehashed = await services.hash(password) if needs_rehash(verified_hash) else None

    settings = services.settings
    family = new_session_id()
    refresh_token, token_hash = new_refresh_token()
    async with sessions() as session, session.begin():
        values: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "last_login_at": now}
        if rehashed is not None:
            values["password_hash"] = rehashed
        # Conditional: nobody locked, disabled or re-passworded the account meanwhile.
        signed_in = (
            await session.execute(
                update(Account)
                .where(
                    Account.id == account.id,
                    Account.status == AccountStatus.ENABLED,
                    Account.password_hash == verified_hash,
                    (Account.locked_until.is_(None)) | (Account.locked_until <= now),
                )
                .values(**values)
                .returning(Account.must_change_password)
                .execution_options(synchronize_session=False)
            )
        ).scalar_one_or_none()
        if signed_in is None:
            return Refused(INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
        session.add(
            RefreshToken(
                account_id=account.id,
                token_hash=token_hash,
                family=family,
                issued_at=now,
                expires_at=now + timedelta(seconds=settings.refresh_token_lifetime_seconds),
            )
        )
        record_change(
            session,
            _actor(account, region_code),
            operation=LOGIN_SUCCEEDED,
            target_type="account",
            target_id=account.id,
            after={"session": family},
            client_address=address,
        )
    access = services.access_token(subject=number, kind=TokenKind.STAFF, now=now, session=family)
    return SignedIn(access, refresh_token, password_change_required=bool(signed_in))


async def _unknown_account(
    services: AuthServices,
    sessions: SessionFactory,
    number: str,
    password: str,
    address: str | None,
) -> Refused:
    """Answer as for a real account with a wrong password, at the same cost."""
    locked = await services.limiter.unknown_account_locked(number)
    if locked is not None:
        now = services.clock()
        return _locked(now + timedelta(seconds=locked.retry_after), now)
    await services.verify(None, password)
    await services.limiter.unknown_account_failed(number)
    async with sessions() as session, session.begin():
        record_change(
            session,
            _SYSTEM,
            operation=LOGIN_FAILED,
            target_type="account_number",
            target_id=number,
            client_address=address,
        )
    return Refused(INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)


# --- refresh tokens --------------------------------------------------------------------


async def refresh(
    services: AuthServices, sessions: SessionFactory, *, token: str, address: str | None
) -> SignedIn | Refused:
    """Rotate: the presented token is used up and a new one of the same sign-in (family)
    is returned. A used token presented again means a copy is out there: the whole
    family is revoked, ending that sign-in for whoever holds it."""
    now = services.clock()
    invalid = Refused(INVALID_REFRESH_TOKEN, INVALID_REFRESH_TOKEN_MESSAGE)
    if not token or len(token) > 512:
        return invalid
    async with sessions() as session, session.begin():
        row = (
            await session.execute(
                select(RefreshToken, Account, Department.region_code)
                .join(Account, Account.id == RefreshToken.account_id)
                .join(Department, Department.id == Account.department_id)
                .where(RefreshToken.token_hash == refresh_token_hash(token))
            )
        ).first()
        if row is None:
            return invalid
        stored, account, region_code = row
        if stored.revoked_at is not None or aware(stored.expires_at) <= now:
            return invalid
        used = (
            await session.execute(
                update(RefreshToken)
                .where(
                    RefreshToken.id == stored.id,
                    RefreshToken.used_at.is_(None),
                    RefreshToken.revoked_at.is_(None),
                )
                .values(used_at=now)
                .returning(RefreshToken.id)
                .execution_options(synchronize_session=False)
            )
        ).scalar_one_or_none()
        if used is None:
            await _revoke_sessions(session, account.id, now, family=stored.family)
            record_change(
                session,
                _actor(account, region_code),
                operation=FAMILY_REVOKED,
                target_type="account",
                target_id=account.id,
                after={"session": stored.family, "reason": "refresh_token_reused"},
                client_address=address,
            )
            logger.warning("刷新令牌被重复使用，已撤销该次登录（账号 %s）", account.number)
            return invalid
        if account.status is not AccountStatus.ENABLED:
            return Refused(ACCOUNT_DISABLED, "账号已停用，请联系部门管理员")
        new_token, new_hash = new_refresh_token()
        session.add(
            RefreshToken(
                account_id=account.id,
                token_hash=new_hash,
                family=stored.family,
                issued_at=now,
                # The sign-in ends when its first token would have: rotation does not
                # extend it.
                expires_at=aware(stored.expires_at),
            )
        )
        # Every mutation leaves its audit event (全程留痕): a sign-in's rotations too.
        record_change(
            session,
            _actor(account, region_code),
            operation=REFRESH_TOKEN_ROTATED,
            target_type="account",
            target_id=account.id,
            after={"session": stored.family},
            client_address=address,
        )
    access = services.access_token(
        subject=account.number, kind=TokenKind.STAFF, now=now, session=stored.family
    )
    return SignedIn(access, new_token, password_change_required=account.must_change_password)


async def logout(
    services: AuthServices, sessions: SessionFactory, *, token: str, address: str | None
) -> None:
    """End the sign-in the refresh token belongs to. Holding the token is the proof;
    an unknown or already revoked token changes nothing."""
    if not token or len(token) > 512:
        return
    now = services.clock()
    async with sessions() as session, session.begin():
        row = (
            await session.execute(
                select(RefreshToken, Account, Department.region_code)
                .join(Account, Account.id == RefreshToken.account_id)
                .join(Department, Department.id == Account.department_id)
                .where(RefreshToken.token_hash == refresh_token_hash(token))
            )
        ).first()
        if row is None or row[0].revoked_at is not None:
            return
        stored, account, region_code = row
        await _revoke_sessions(session, account.id, now, family=stored.family)
        record_change(
            session,
            _actor(account, region_code),
            operation=FAMILY_REVOKED,
            target_type="account",
            target_id=account.id,
            after={"session": stored.family, "reason": "logout"},
            client_address=address,
        )


async def session_is_live(session: AsyncSession, account_id: int, family: str) -> bool:
    """Whether the sign-in an access token belongs to was not ended (logout, password
    change, refresh-token replay)."""
    statement = select(
        exists().where(
            RefreshToken.account_id == account_id,
            RefreshToken.family == family,
            RefreshToken.revoked_at.is_(None),
        )
    )
    return bool(await session.scalar(statement))


# --- passwords -------------------------------------------------------------------------


async def _check_current_password(
    services: AuthServices,
    sessions: SessionFactory,
    account: Account,
    region_code: str,
    password: str,
    address: str | None,
    field_path: str,
) -> Refused | None:
    limited = await services.limiter.attempt("password", address=address, subject=account.number)
    if limited is not None:
        return _limited(limited)
    now = services.clock()
    if account.locked_until is not None and aware(account.locked_until) > now:
        return _locked(aware(account.locked_until), now)
    if not await services.verify(account.password_hash, password):
        await _count_failure(
            services, sessions, account, region_code, now, address, PASSWORD_CHECK_FAILED
        )
        return Refused.on(field_path, "当前密码不正确")
    return None


async def change_password(
    services: AuthServices,
    sessions: SessionFactory,
    viewer: Viewer,
    *,
    current_password: str,
    new_password: str,
    address: str | None,
) -> datetime | Refused:
    """Change the viewer's password; every sign-in of the account ends (log in again).
    Returns when the password was changed."""
    assert viewer.account_id is not None
    found = await _account_where(sessions, Account.id == viewer.account_id)
    if found is None:
        return Refused(INVALID_CREDENTIALS, "账号不存在")
    account, region_code = found
    fields: list[tuple[str, str]] = []
    if not current_password:
        fields.append(("currentPassword", "请输入当前密码"))
    fields.extend(
        ("newPassword", problem)
        for problem in password_problems(new_password, account_number=account.number)
    )
    if current_password and new_password == current_password:
        fields.append(("newPassword", "新密码不能与当前密码相同"))
    if fields:
        return Refused(BAD_USER_INPUT, "新密码不符合要求", tuple(fields))
    refused = await _check_current_password(
        services, sessions, account, region_code, current_password, address, "currentPassword"
    )
    if refused is not None:
        return refused
    new_hash = await services.hash(new_password)
    now = services.clock()
    async with sessions() as session, session.begin():
        await session.execute(
            update(Account)
            .where(Account.id == account.id)
            .values(password_hash=new_hash, password_changed_at=now, failed_logins=0)
            .execution_options(synchronize_session=False)
        )
        ended = await _revoke_sessions(session, account.id, now)
        record_change(
            session,
            viewer,
            operation=PASSWORD_CHANGED,
            target_type="account",
            target_id=account.id,
            after={"endedSessions": len(ended)},
            client_address=address,
        )
    return now


@dataclass(frozen=True, slots=True)
class PersonalDetails:
    phone: str
    name: str | None = None
    id_number: str | None = None


def _details_problems(details: PersonalDetails) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if details.name is not None and not (NAME_LENGTH[0] <= len(details.name) <= NAME_LENGTH[1]):
        problems.append(("input.name", f"姓名应为{NAME_LENGTH[0]}到{NAME_LENGTH[1]}个字"))
    if details.id_number is not None:
        checked = check_id_number(details.id_number)
        if checked.message is not None:
            problems.append(("input.idNumber", checked.message))
    if not PHONE.match(details.phone):
        problems.append(("input.phone", "请输入11位手机号码"))
    return problems


async def complete_first_login(
    services: AuthServices,
    sessions: SessionFactory,
    viewer: Viewer,
    *,
    details: PersonalDetails,
    new_password: str,
    address: str | None,
) -> datetime | Refused:
    """Complete the user's personal details and replace the initial password. Every
    sign-in of the account ends: the client logs in again with the new password."""
    assert viewer.account_id is not None
    found = await _account_where(sessions, Account.id == viewer.account_id)
    if found is None:
        return Refused(INVALID_CREDENTIALS, "账号不存在")
    account, _ = found
    if not account.must_change_password:
        return Refused(FIRST_LOGIN_COMPLETED, "该账号已完成首次登录")
    details = PersonalDetails(
        phone=details.phone.strip(),
        name=details.name.strip() if details.name is not None else None,
        id_number=(
            normalize_id_number(details.id_number) if details.id_number is not None else None
        ),
    )
    fields = _details_problems(details)
    fields.extend(
        ("input.newPassword", problem)
        for problem in password_problems(new_password, account_number=account.number)
    )
    async with sessions() as session:
        user_id = account.user_id
        if user_id is not None and await session.get(User, user_id) is None:
            user_id = None
        if user_id is None and details.name is None:
            fields.append(("input.name", "请填写姓名"))
        if details.id_number is not None:
            holder = await session.scalar(
                select(User.id).where(User.id_number == details.id_number)
            )
            if holder is not None and holder != user_id:
                fields.append(("input.idNumber", _ID_NUMBER_TAKEN))
    if fields:
        return Refused(BAD_USER_INPUT, "请检查填写的信息", tuple(fields))
    limited = await services.limiter.attempt("password", address=address, subject=account.number)
    if limited is not None:
        return _limited(limited)
    if await services.verify(account.password_hash, new_password):
        return Refused.on("input.newPassword", "新密码不能与初始密码相同")
    new_hash = await services.hash(new_password)
    now = services.clock()
    try:
        async with sessions() as session, session.begin():
            await _complete(session, viewer, account, user_id, details, new_hash, now, address)
    except IntegrityError:
        # Another user registered the same ID number between the check and the write.
        return Refused.on("input.idNumber", _ID_NUMBER_TAKEN)
    return now


_ID_NUMBER_TAKEN: Final = "该证件号码已登记给其他用户"


async def _complete(
    session: AsyncSession,
    viewer: Viewer,
    account: Account,
    user_id: int | None,
    details: PersonalDetails,
    new_hash: str,
    now: datetime,
    address: str | None,
) -> None:
    user = None if user_id is None else await session.get(User, user_id)
    if user is None:
        assert details.name is not None
        user = User(name=details.name, department_id=account.department_id)
        session.add(user)
    changes: dict[str, Any] = {"phone": mask_value(Mask.PHONE, details.phone)}
    user.phone = details.phone
    if details.name is not None:
        user.name = details.name
        changes["name"] = details.name
    if details.id_number is not None:
        user.id_number = details.id_number
        changes["idNumber"] = mask_value(Mask.ID_NUMBER, details.id_number)
    await session.flush()
    await session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(
            user_id=user.id,
            password_hash=new_hash,
            password_changed_at=now,
            must_change_password=False,
            failed_logins=0,
        )
        .execution_options(synchronize_session=False)
    )
    ended = await _revoke_sessions(session, account.id, now)
    record_change(
        session,
        viewer,
        operation=FIRST_LOGIN_COMPLETED_EVENT,
        target_type="account",
        target_id=account.id,
        after={**changes, "endedSessions": len(ended)},
        client_address=address,
    )


# --- partner systems (OAuth2 client credentials) ----------------------------------------


@dataclass(frozen=True, slots=True)
class ClientRefused:
    """An RFC 6749 §5.2 error code (`hub.http.oauth` words the response)."""

    error: str
    retry_after: int | None = None


INVALID_CLIENT: Final = "invalid_client"
INVALID_SCOPE: Final = "invalid_scope"
TEMPORARILY_UNAVAILABLE: Final = "temporarily_unavailable"


async def client_credentials(
    services: AuthServices,
    sessions: SessionFactory,
    *,
    client_id: str,
    secret: str,
    scope: Sequence[str] | None,
    address: str | None,
) -> PartnerToken | ClientRefused:
    """Authenticate a partner client by its secret and issue it an access token for the
    asked scopes (all of its scopes when it asks for none)."""
    invalid = ClientRefused(INVALID_CLIENT)
    if not is_client_id(client_id) or not secret:
        return invalid
    limited = await services.limiter.attempt("client", address=address, subject=client_id)
    if limited is not None:
        return ClientRefused(TEMPORARILY_UNAVAILABLE, limited.retry_after)
    async with sessions() as session:
        client = await session.scalar(
            select(PartnerClient).where(PartnerClient.client_id == client_id)
        )
        departments = (
            []
            if client is None
            else list(
                (
                    await session.execute(
                        select(PartnerClientDepartment.department_id).where(
                            PartnerClientDepartment.client_id == client.id
                        )
                    )
                ).scalars()
            )
        )
    if not await services.verify(client.secret_hash if client is not None else None, secret):
        return invalid
    assert client is not None
    if not client.enabled:
        return invalid
    allowed = tuple(client.scopes.split())
    granted = allowed if scope is None else tuple(dict.fromkeys(scope))
    if not granted or any(item not in allowed for item in granted):
        return ClientRefused(INVALID_SCOPE)
    now = services.clock()
    access = services.access_token(
        subject=client.client_id, kind=TokenKind.PARTNER, now=now, scopes=granted
    )
    async with sessions() as session, session.begin():
        record_change(
            session,
            Viewer.partner(client_id=client.id, department_ids=frozenset(departments)),
            operation=PARTNER_TOKEN_ISSUED,
            target_type="partner_client",
            target_id=client.id,
            after={"scope": " ".join(granted), "tokenId": access.token_id},
            department_id=min(departments) if departments else None,
            client_address=address,
        )
    return PartnerToken(access, granted)


__all__ = [
    "ACCOUNT_DISABLED",
    "ACCOUNT_LOCKED",
    "FIRST_LOGIN_COMPLETED",
    "INVALID_CLIENT",
    "INVALID_CREDENTIALS",
    "INVALID_REFRESH_TOKEN",
    "INVALID_SCOPE",
    "RATE_LIMITED",
    "TEMPORARILY_UNAVAILABLE",
    "AuthServices",
    "ClientRefused",
    "PartnerToken",
    "PersonalDetails",
    "Refused",
    "SignedIn",
    "account_shape_problem",
    "aware",
    "change_password",
    "client_credentials",
    "complete_first_login",
    "login",
    "logout",
    "refresh",
    "session_is_live",
]
