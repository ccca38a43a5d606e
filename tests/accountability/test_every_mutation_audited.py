"""The audit walk (issue 7, 全程留痕): every field of the schema's `Mutation` type has an
example (tests/accountability/mutation_examples), and each example, run once as its viewer
against the demo data, succeeds and writes exactly its number of new audit events (one for
every mutation but a batch), in the mutation's own transaction."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request

from hub.audit_chain import verify_chain
from hub.auth.sign_in import AuthServices
from hub.auth.viewer import PUBLIC, Viewer
from hub.auth.viewers import partner_viewer, staff_viewer
from hub.context import Context
from hub.db import SessionFactory, create_read_session_factory, create_session_factory
from hub.demo import DemoSummary
from hub.demo.accounts import DEMO_PARTNER_CLIENT_ID
from hub.models import Account, AuditEvent, PartnerClient
from hub.settings import Settings
from tests.accountability import mutation_examples
from tests.accountability.mutation_examples import MutationExample

CLIENT_ADDRESS = "198.51.100.23"


def collect_examples() -> list[MutationExample]:
    """EXAMPLES of every module of the package, whoever wrote it."""
    examples: list[MutationExample] = []
    for module_info in pkgutil.iter_modules(mutation_examples.__path__):
        module = importlib.import_module(f"{mutation_examples.__name__}.{module_info.name}")
        found = getattr(module, "EXAMPLES", None)
        assert isinstance(found, list), f"{module.__name__} exports no EXAMPLES list"
        for example in found:
            assert isinstance(example, MutationExample), f"{module.__name__}: {example!r}"
            examples.append(example)
    return examples


EXAMPLES = collect_examples()


def mutation_fields(schema: strawberry.Schema) -> set[str]:
    mutation = schema._schema.mutation_type
    return set() if mutation is None else set(mutation.fields)


def test_every_mutation_has_an_example(schema: strawberry.Schema) -> None:
    covered = {example.field for example in EXAMPLES}
    missing = sorted(mutation_fields(schema) - covered)
    assert not missing, (
        "mutations without an example in tests/accountability/mutation_examples: "
        + ", ".join(missing)
    )


def test_every_example_calls_a_mutation_of_the_schema(schema: strawberry.Schema) -> None:
    unknown = sorted({example.field for example in EXAMPLES} - mutation_fields(schema))
    assert not unknown, f"examples of fields the schema does not have: {unknown}"


@pytest.fixture(scope="module")
def auth_services(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> AuthServices:
    """The sign-in services the app keeps on its state (signing key in a temporary dir)."""
    keys: Path = tmp_path_factory.mktemp("walk_keys")
    return AuthServices.from_settings(settings.model_copy(update={"key_dir": keys}))


def request_from(services: AuthServices) -> Request:
    """What the sign-in mutations read of a request: the app's state and the client."""
    app = SimpleNamespace(state=SimpleNamespace(auth=services))
    scope: dict[str, Any] = {
        "type": "http",
        "app": app,
        "method": "POST",
        "path": "/graphql",
        "headers": [],
        "client": (CLIENT_ADDRESS, 40000),
    }
    return Request(scope)


async def viewer_of(sessions: SessionFactory, name: str) -> Viewer:
    async with sessions() as session:
        if name == "public":
            return PUBLIC
        if name == "partner":
            client = await session.scalar(
                select(PartnerClient.id).where(PartnerClient.client_id == DEMO_PARTNER_CLIENT_ID)
            )
            assert client is not None, "the demo partner client"
            viewer = await partner_viewer(session, client)
        else:
            account = await session.scalar(select(Account.id).where(Account.number == name))
            assert account is not None, f"no account {name}"
            viewer = await staff_viewer(session, account)
    assert viewer is not None, f"{name} cannot act (disabled?)"
    return viewer


async def audit_event_count(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count(AuditEvent.id))) or 0)


def outcomes(value: Any) -> Iterator[str]:
    """Every `__typename` and `outcome` in the result, to find refusals wherever they sit."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("__typename", "outcome") and isinstance(item, str):
                yield item
            else:
                yield from outcomes(item)
    elif isinstance(value, list):
        for item in value:
            yield from outcomes(item)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.field}-as-{e.viewer}" for e in EXAMPLES])
async def test_the_example_writes_its_audit_events(
    example: MutationExample,
    schema: strawberry.Schema,
    engine: AsyncEngine,
    session_factory: SessionFactory,
    settings: Settings,
    auth_services: AuthServices,
    demo_data: DemoSummary,
) -> None:
    # given
    variables = dict(example.variables)
    if example.prepare is not None:
        variables.update(await example.prepare(session_factory))
    viewer = await viewer_of(session_factory, example.viewer)
    context = Context(
        viewer=viewer,
        read_sessions=create_read_session_factory(engine),
        write_sessions=create_session_factory(engine),
        settings=settings,
        request=request_from(auth_services),
    )
    before = await audit_event_count(session_factory)
    # when
    result = await schema.execute(
        example.document, variable_values=variables, context_value=context
    )
    # then
    assert result.errors is None, result.errors
    assert result.data is not None
    refused = [name for name in outcomes(result.data) if name in ("InputError", "REJECTED")]
    assert not refused, result.data
    written = await audit_event_count(session_factory) - before
    assert written == example.audit_events, (
        f"{example.field} wrote {written} audit events, expected {example.audit_events}"
    )
    await _check_new_events(session_factory, before, written, viewer)


async def _check_new_events(
    sessions: SessionFactory, before: int, written: int, viewer: Viewer
) -> None:
    """The new events name the actor and where the call came from, and extend the chain."""
    async with sessions() as session:
        events = (
            await session.scalars(
                select(AuditEvent).order_by(AuditEvent.chain_sequence.desc()).limit(written)
            )
        ).all()
    for event in events:
        assert event.hash is not None
        assert event.chain_sequence is not None
        if viewer.account_id is not None:
            assert event.account_id == viewer.account_id, event.operation
        if viewer.partner_client_id is not None:
            assert event.partner_client_id == viewer.partner_client_id, event.operation
        assert event.client_address == CLIENT_ADDRESS, event.operation


async def test_the_chain_is_intact_after_the_walk(
    engine: AsyncEngine, demo_data: DemoSummary
) -> None:
    report = await verify_chain(engine)
    assert report.intact, report
