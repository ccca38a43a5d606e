"""Running one organisation mutation: its own transaction, its audit event, and refused
input returned as `InputError` (not raised), so a form can show it field by field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from hub.context import Info
from hub.errors import BAD_USER_INPUT, BadUserInput
from hub.organisation.change import Change
from hub.organisation.refusals import CONFLICT, Refused
from hub.schema.mutations import FieldError, InputError

T = TypeVar("T")

INPUT = "input"
CONCURRENT_CONFLICT = (
    "与同时提交的另一变更冲突（例如代码或名称重复），本次未做任何修改，请刷新后重试"
)


async def run_change(info: Info, make: Callable[[Change], Awaitable[T]]) -> T | InputError:
    """Run `make` in one write transaction, committed once if it returns; refused input
    (`Refused`, or `BadUserInput` from parsing the input) rolls everything back and comes
    back as `InputError`. `Forbidden` and bugs propagate as GraphQL errors."""
    context = info.context
    try:
        async with context.transaction() as session:
            change = Change(session, context.viewer, context.client_address)
            result = await make(change)
            if not change.recorded:
                raise RuntimeError("an organisation change must record one audit event")
            return result
    except Refused as refusal:
        return _input_error(refusal.message, refusal.code, refusal.field)
    except BadUserInput as error:
        field = error.extensions.get("field")
        return _input_error(
            error.message, BAD_USER_INPUT, field if isinstance(field, str) else None
        )
    except IntegrityError:
        # The checks before the write passed, but a concurrent change committed the same
        # code, name or number first (or removed what this one refers to): the database's
        # constraint decided, and nothing of this change was written.
        return _input_error(CONCURRENT_CONFLICT, CONFLICT, None)


def _input_error(message: str, code: str, field: str | None) -> InputError:
    if field is None:
        return InputError.of(message, code=code)
    return InputError.of(message, FieldError(field=f"{INPUT}.{field}", message=message), code=code)
