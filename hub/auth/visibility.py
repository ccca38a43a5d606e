"""Enforcement of `@visibility`: one field extension, attached at schema build time to
every field that carries the directive (on itself or on its type), so declaring the
directive is all a field needs; and the first-sign-in gate on every root field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any

from strawberry.extensions.field_extension import FieldExtension
from strawberry.types.base import (
    StrawberryList,
    StrawberryObjectDefinition,
    StrawberryOptional,
    has_object_definition,
)
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.union import StrawberryUnion
from strawberry.utils.str_converters import to_camel_case

from hub.auth.directives import AccessLogged, Mask, Visibility, VisibilityRule
from hub.auth.masks import mask_value
from hub.auth.policy import FieldAccess, field_access, root_field_allowed
from hub.context import Info
from hub.errors import Forbidden, PasswordChangeRequired

# The rules that guard non-public data whose reads are logged.
LOGGED_RULES = frozenset({VisibilityRule.PERSONAL_DATA, VisibilityRule.OWN_DEPARTMENT})


class VisibilityExtension(FieldExtension):
    def __init__(self, directive: Visibility) -> None:
        self.directive = directive

    def _allowed(self, source: Any, info: Info) -> bool:
        owner = getattr(source, "owner_department_id", None)
        return field_access(info.context.viewer, self.directive.rule, owner) is FieldAccess.ALLOW

    def _denied(self, value: Any) -> Any:
        mask = self.directive.mask
        if mask is None:
            raise Forbidden("无权查看该字段", rule=self.directive.rule.value)
        return _masked(mask, value)

    def _note_access(self, source: Any, info: Info) -> None:
        """全程留痕 of reads: an allowed read of non-public data about a market entity is
        buffered in the access log (no I/O here; hub.access_log writes in batches)."""
        access_log = info.context.access_log
        if access_log is None or self.directive.rule not in LOGGED_RULES:
            return
        subject = getattr(source, "access_subject", None)
        account_id = info.context.viewer.account_id
        if subject is not None and account_id is not None:
            access_log.record(account_id, *subject)

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        if self._allowed(source, info):
            self._note_access(source, info)
            return next_(source, info, **kwargs)
        return self._denied(next_(source, info, **kwargs) if self.directive.mask else None)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        if self._allowed(source, info):
            self._note_access(source, info)
            return await next_(source, info, **kwargs)
        # Without a mask nothing is resolved: a forbidden field costs no I/O.
        return self._denied(await next_(source, info, **kwargs) if self.directive.mask else None)


def _masked(mask: Mask, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [_masked(mask, item) for item in value]
    return mask_value(mask, str(value))


class AccessLogExtension(FieldExtension):
    """全程留痕 of reads, for types declared `@accessLogged`: resolving any field of a
    non-public row (a draft, a complaint) buffers one access in the access log. Only a
    dict lookup per field (no I/O); the log keeps one entry per account, entity and kind
    per flush window, and writes in batches."""

    def __init__(self, directive: AccessLogged) -> None:
        self.what = directive.what

    def _note_access(self, source: Any, info: Info) -> None:
        access_log = info.context.access_log
        if access_log is None:
            return
        account_id = info.context.viewer.account_id
        entity_id = getattr(source, "accessed_entity_id", None)
        if account_id is not None and entity_id is not None:
            access_log.record(account_id, entity_id, self.what)

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        self._note_access(source, info)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        self._note_access(source, info)
        return await next_(source, info, **kwargs)


class FirstSignInGate(FieldExtension):
    """On root fields: an account with its initial password reaches only the fields that
    finish the first sign-in."""

    def __init__(self, field_name: str) -> None:
        self.field_name = field_name

    def _check(self, info: Info) -> None:
        if not root_field_allowed(info.context.viewer, self.field_name):
            raise PasswordChangeRequired

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        self._check(info)
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        self._check(info)
        return await next_(source, info, **kwargs)


def attach_visibility(root_types: Iterable[type], other_types: Iterable[type]) -> None:
    """Add the enforcement to every field carrying `@visibility` (or whose type does) and
    the first-sign-in gate to every root field. Idempotent: schemas may be built again."""
    for root in root_types:
        for field in _definition(root).fields:
            name = field.graphql_name or to_camel_case(field.python_name)
            _add_once(field, FirstSignInGate(name))
    for _type_name, field, directive in fields_with_visibility([*root_types, *other_types]):
        _add_once(field, VisibilityExtension(directive))
    for _type_name, field, logged in fields_access_logged([*root_types, *other_types]):
        _add_once(field, AccessLogExtension(logged))


def fields_access_logged(
    types: Iterable[type],
) -> Iterator[tuple[str, StrawberryField, AccessLogged]]:
    """(type name, field, directive) for every field of a type declared `@accessLogged`
    (on itself or on an interface it implements)."""
    for definition in _reachable_definitions(list(types)):
        declared = [*(definition.directives or ()), *_interface_directives(definition)]
        logged = next((d for d in declared if isinstance(d, AccessLogged)), None)
        if logged is not None and not definition.is_interface:
            for field in definition.fields:
                yield definition.name, field, logged


def _interface_directives(definition: StrawberryObjectDefinition) -> Iterator[object]:
    for interface in definition.interfaces:
        yield from interface.directives or ()


def fields_with_visibility(
    types: Iterable[type],
) -> Iterator[tuple[str, StrawberryField, Visibility]]:
    """(type name, field, directive) for every field the directive governs."""
    for definition in _reachable_definitions(list(types)):
        type_directive = _visibility_of(definition.directives or ())
        for field in definition.fields:
            directive = _visibility_of(field.directives) or type_directive
            if directive is not None:
                yield definition.name, field, directive


def _add_once(field: StrawberryField, extension: FieldExtension) -> None:
    if not any(type(existing) is type(extension) for existing in field.extensions):
        field.extensions.append(extension)


def _visibility_of(directives: Iterable[object]) -> Visibility | None:
    return next((d for d in directives if isinstance(d, Visibility)), None)


def _definition(cls: type) -> StrawberryObjectDefinition:
    definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    return definition


def _reachable_definitions(starts: list[Any]) -> list[StrawberryObjectDefinition]:
    seen: dict[str, StrawberryObjectDefinition] = {}
    pending = list(starts)
    while pending:
        candidate = pending.pop()
        for named in _named_types(candidate):
            definition = _definition(named)
            if definition.name in seen:
                continue
            seen[definition.name] = definition
            pending.extend(field.type for field in definition.fields)
    return list(seen.values())


def _named_types(annotation: Any) -> Iterator[type]:
    if isinstance(annotation, StrawberryOptional | StrawberryList):
        yield from _named_types(annotation.of_type)
    elif isinstance(annotation, LazyType):
        yield from _named_types(annotation.resolve_type())
    elif isinstance(annotation, StrawberryUnion):
        for member in annotation.types:
            yield from _named_types(member)
    elif has_object_definition(annotation):
        yield annotation
