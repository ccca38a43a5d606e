"""Shared shape of our DataLoaders: one per (thing, key), per request, each batch in its own
short read session (concurrent batches never share an AsyncSession)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader

from hub.auth.viewer import Viewer
from hub.db import SessionFactory

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ReadLoader(DataLoader[K, V]):
    def __init__(self, read_sessions: SessionFactory, viewer: Viewer) -> None:
        super().__init__()
        self.read_sessions = read_sessions
        self.viewer = viewer

    async def fetch_all(self, statement: Any) -> Sequence[Any]:
        async with self.read_sessions() as session:
            return (await session.execute(statement)).scalars().all()

    async def fetch_rows(self, statement: Any) -> Sequence[Any]:
        async with self.read_sessions() as session:
            return (await session.execute(statement)).all()


def one_per_key(keys: Sequence[K], rows: Iterable[V], key_of: Callable[[V], K]) -> list[V | None]:
    found = {key_of(row): row for row in rows}
    return [found.get(key) for key in keys]


def many_per_key(keys: Sequence[K], rows: Iterable[V], key_of: Callable[[V], K]) -> list[list[V]]:
    grouped: defaultdict[K, list[V]] = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(row)
    return [grouped.get(key, []) for key in keys]
