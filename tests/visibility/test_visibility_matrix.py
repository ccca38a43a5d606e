"""Every field that carries @visibility, read by every kind of viewer, through plain
selections, aliases, fragments and nested paths.

The cases are generated from the schema itself: a new field with the directive and no
probe to reach its type fails `test_every_governed_type_has_a_probe`, so no field can
escape the matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry
from strawberry.relay import GlobalID
from strawberry.types.base import StrawberryOptional, has_object_definition

from hub.auth.directives import Visibility, VisibilityRule
from hub.auth.permissions import Permission
from hub.auth.viewer import Viewer
from hub.auth.visibility import VisibilityExtension, fields_with_visibility
from hub.schema.record_kinds import RECORD_TYPES
from hub.schema.root import Query
from tests.support import Graph

# DOMAIN.md's visibility table, restated independently of hub.auth.policy:
# (viewer, the row belongs to the viewer's department) -> may read the real value.
MAY_READ: dict[VisibilityRule, Callable[[Viewer, bool], bool]] = {
    VisibilityRule.STAFF: lambda viewer, own: viewer.is_staff,
    VisibilityRule.OWN_DEPARTMENT: lambda viewer, own: viewer.is_staff and own,
    VisibilityRule.PERSONAL_DATA: lambda viewer, own: (
        viewer.is_staff and (own or Permission.PERSONAL_DATA in viewer.permissions)
    ),
    VisibilityRule.ADMINISTRATOR: lambda viewer, own: (
        viewer.is_staff and viewer.is_department_administrator
    ),
}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Probe:
    """How to reach rows of one type: documents with a `FIELD` placeholder, and where
    the rows sit in the response. `owner` reads the row's owning department global ID
    (selected as `owner: department { id }`), None where rows have no owner."""

    documents: tuple[str, ...]
    rows: Callable[[dict[str, Any]], Iterator[tuple[Path, dict[str, Any]]]]
    has_owner: bool = False


def _edges(*keys: str) -> Callable[[dict[str, Any]], Iterator[tuple[Path, dict[str, Any]]]]:
    """Rows at data[k1]...edges[i].node, recursing through nested connections."""

    def rows(data: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
        yield from _walk(data, (), keys)

    return rows


def _walk(value: Any, path: Path, keys: tuple[str, ...]) -> Iterator[tuple[Path, dict[str, Any]]]:
    if not keys:
        yield path, value
        return
    key, rest = keys[0], keys[1:]
    if value is None:
        return
    child = value.get(key)
    if isinstance(child, list):
        for index, item in enumerate(child):
            yield from _walk(item, (*path, key, index), rest)
    elif child is not None:
        yield from _walk(child, (*path, key), rest)


PROBES: dict[str, Probe] = {
    "Query": Probe(documents=("{ FIELD aliased: FIELD }",), rows=lambda data: iter([((), data)])),
    "MarketEntity": Probe(
        documents=(
            """{ entities(first: 5, filter: {regionCode: "210102"}) {
                   edges { node { FIELD aliased: FIELD ...fields } } } }
               fragment fields on MarketEntity { FIELD }""",
            """{ records(first: 5, filter: {regionCode: "210100"}) {
                   edges { node { entity { FIELD ... on MarketEntity { again: FIELD } } } } } }""",
        ),
        rows=lambda data: _chain(
            _edges("entities", "edges", "node")(data),
            _edges("records", "edges", "node", "entity")(data),
        ),
    ),
    "Complaint": Probe(
        documents=(
            """{ complaints(first: 30) { edges { node {
                   owner: department { id } FIELD aliased: FIELD ...fields } } } }
               fragment fields on Complaint { FIELD }""",
            """{ entities(first: 20, filter: {regionCode: "210100"}) { edges { node {
                   complaints(first: 5) { edges { node { owner: department { id } FIELD } } }
               } } } }""",
            # Complaints waiting for a person to confirm their entity: no handling department.
            """{ complaints(first: 10, filter: {awaitingConfirmation: true}) { edges { node {
                   owner: department { id } FIELD candidates { score } } } } }""",
        ),
        rows=lambda data: _chain(
            _edges("complaints", "edges", "node")(data),
            _edges("entities", "edges", "node", "complaints", "edges", "node")(data),
        ),
        has_owner=True,
    ),
    "User": Probe(
        documents=(
            """{ users(first: 30) { edges { node {
                   owner: department { id } FIELD aliased: FIELD ...fields } } } }
               fragment fields on User { FIELD }""",
            """{ accounts(first: 30) { edges { node {
                   user { owner: department { id } FIELD ... on User { again: FIELD } } } } } }""",
        ),
        rows=lambda data: _chain(
            _edges("users", "edges", "node")(data),
            _edges("accounts", "edges", "node", "user")(data),
        ),
        has_owner=True,
    ),
    # 信用分类: the parts and their explanation are for staff (and so is MarketEntity.credit
    # itself: the public reaches no Credit row, it gets FORBIDDEN one level up).
    "Credit": Probe(
        documents=(
            """{ entities(first: 5, filter: {regionCode: "210102"}) {
                   edges { node { credit { FIELD aliased: FIELD ...fields } } } } }
               fragment fields on Credit { FIELD }""",
        ),
        rows=_edges("entities", "edges", "node", "credit"),
    ),
}


def _chain(*iterators: Iterator[Any]) -> Iterator[Any]:
    for iterator in iterators:
        yield from iterator


def governed_fields() -> list[tuple[str, str, Visibility, bool]]:
    """(type, GraphQL field name, directive, nullable) for every field under the rule."""
    found = []
    for type_name, field, directive in fields_with_visibility([Query, *RECORD_TYPES.values()]):
        name = field.graphql_name or strawberry.utils.str_converters.to_camel_case(
            field.python_name
        )
        found.append((type_name, name, directive, isinstance(field.type, StrawberryOptional)))
    return sorted(found, key=lambda item: (item[0], item[1]))


GOVERNED = governed_fields()
VIEWERS = (
    "public",
    "county user",
    "city user of another department",
    "province user",
    "city administrator",
    "partner client",
)


def test_every_governed_type_has_a_probe() -> None:
    missing = {type_name for type_name, *_ in GOVERNED} - set(PROBES)
    assert not missing, f"add a probe for {sorted(missing)} to this file"


def test_denied_fields_without_a_mask_are_nullable() -> None:
    # A FORBIDDEN non-null field would null its whole parent object.
    offenders = [
        f"{type_name}.{name}"
        for type_name, name, directive, nullable in GOVERNED
        if directive.mask is None and not nullable
    ]
    assert not offenders


def test_every_governed_field_is_enforced(schema: strawberry.Schema) -> None:
    # build_schema attached the extension to every field the directive governs.
    for _type_name, field, _directive in fields_with_visibility([Query, *RECORD_TYPES.values()]):
        assert any(isinstance(extension, VisibilityExtension) for extension in field.extensions)


def _selection(schema: strawberry.Schema, type_name: str, field_name: str) -> str:
    graphql_type = schema._schema.get_type(type_name)
    assert graphql_type is not None
    field_type = graphql_type.fields[field_name].type  # type: ignore[union-attr]
    while hasattr(field_type, "of_type"):
        field_type = field_type.of_type
    has_fields = hasattr(field_type, "fields")
    return f"{field_name} {{ __typename }}" if has_fields else field_name


def _looks_masked(value: Any) -> bool:
    return value is None or "*" in str(value)


@pytest.mark.parametrize("viewer_name", VIEWERS)
@pytest.mark.parametrize(
    ("type_name", "field_name", "directive"),
    [(type_name, name, directive) for type_name, name, directive, _ in GOVERNED],
    ids=[f"{type_name}.{name}" for type_name, name, *_ in GOVERNED],
)
async def test_visibility_matrix(
    graph: Graph,
    schema: strawberry.Schema,
    viewers: dict[str, Viewer],
    viewer_name: str,
    type_name: str,
    field_name: str,
    directive: Visibility,
) -> None:
    viewer = viewers[viewer_name]
    probe = PROBES[type_name]
    selection = _selection(schema, type_name, field_name)
    for document in probe.documents:
        result = await graph.execute(document.replace("FIELD", selection), viewer=viewer)
        data = result.data or {}
        forbidden = {
            tuple(error.path or ())
            for error in result.errors or []
            if (error.extensions or {}).get("code") == "FORBIDDEN"
        }
        for path, row in probe.rows(data):
            own = probe.has_owner and _owned_by(row, viewer)
            may_read = MAY_READ[directive.rule](viewer, own)
            for key in (field_name, "aliased", "again"):
                if key not in row:
                    continue
                where = (*path, key)
                if may_read:
                    assert where not in forbidden, (viewer_name, where)
                    if directive.mask is not None and row[key] is not None:
                        assert "*" not in str(row[key]), (viewer_name, where, row[key])
                elif directive.mask is not None:
                    assert _looks_masked(row[key]), (viewer_name, where, row[key])
                else:
                    assert row[key] is None, (viewer_name, where)
                    assert where in forbidden, (viewer_name, where)


def _owned_by(row: dict[str, Any], viewer: Viewer) -> bool:
    owner = row.get("owner")
    if owner is None or viewer.department_id is None:
        return False
    return GlobalID.from_id(owner["id"]).node_id == str(viewer.department_id)


async def test_the_matrix_sees_real_rows(graph: Graph, viewers: dict[str, Viewer]) -> None:
    # The matrix proves nothing if the staff probes reach no rows: make sure they do,
    # for the case that matters most (other departments' complaints, masked).
    document = PROBES["Complaint"].documents[0].replace("FIELD", "complainantPhone")
    province = viewers["province user"]
    data = (await graph.execute(document, viewer=province)).data or {}
    rows = [row for _, row in PROBES["Complaint"].rows(data)]
    assert any(_owned_by(row, province) is False for row in rows)
    assert any("*" in (row["complainantPhone"] or "") for row in rows)
    assert has_object_definition(Query)
