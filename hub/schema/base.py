"""Building blocks shared by every concept's types."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import cache
from typing import Any, Generic, Self, TypeVar, cast

import strawberry
from strawberry import relay

from hub.context import Info
from hub.errors import BadUserInput
from hub.pagination import Ordering, Page, PageArgs

T = TypeVar("T")


@cache
def _constructor_fields(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls) if field.init)


class FromModel:
    """API types are built from their ORM model in one place: every constructor field
    (public or `strawberry.Private`) is read from the model attribute of the same name."""

    @classmethod
    def from_model(cls, model: Any) -> Self:
        fields = _constructor_fields(cast(type, cls))
        return cls(**{name: getattr(model, name) for name in fields})


@strawberry.type(description="连接中的一条边")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="该条目的分页游标")
    node: T


@strawberry.type(description="分页列表（Relay 连接）")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: relay.PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="满足条件且当前用户可见的总数")
    async def total_count(self) -> int:
        return await self.count()

    @strawberry.field(description="本页的条目")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]

    @classmethod
    def from_page(
        cls,
        page: Page[Any],
        ordering: Ordering,
        to_node: Callable[[Any], T],
        count: Callable[[], Awaitable[int]],
    ) -> Connection[T]:
        edges = [Edge(cursor=ordering.cursor_for(row), node=to_node(row)) for row in page.rows]
        return cls(
            edges=edges,
            page_info=_page_info(edges, page),
            count=count,
        )


def _page_info(edges: Sequence[Edge[Any]], page: Page[Any]) -> relay.PageInfo:
    return relay.PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


def integer_node_ids(node_ids: Iterable[str]) -> list[int]:
    """Database ids inside global IDs; a forged global ID is bad input, not a crash."""
    try:
        return [int(node_id) for node_id in node_ids]
    except ValueError as error:
        raise BadUserInput("无效的全局ID", field="id") from error


def page_args(info: Info, first: int | None, after: str | None, ordering: Ordering) -> PageArgs:
    settings = info.context.settings
    return PageArgs.parse(
        first=first,
        after=after,
        ordering=ordering,
        default=settings.default_page_size,
        cap=settings.max_page_size,
    )
