"""The read-path overhead of the access audit (issue 7: "without slowing the read path
noticeably"): one representative staff read, N times with access logging on and off, in one
process against one PostgreSQL database.

    .venv/bin/python -m bench.access_log [--requests 300] [--keep]

1. Creates the database `hub_bench_access` (HUB_BENCH_ACCESS_DATABASE_URL; dropped first if
   it exists), migrates it and loads the demo data set.
2. As 沈阳市市场监督管理局's business account (personal data, cross-department query), reads
   a page of 20 entities of one city with their legal representatives' ID numbers, their
   complaints (subject, content, complainant) and their drafts: every entity leaves access
   events of three kinds. The city rotates over the 14 cities, so most reads log new keys.
3. Alternates blocks of 10 requests with logging on (an `AccessLog` running its background
   writer, as the server runs it) and off (`access_log=None`), one request at a time, and
   prints mean and p95 per request of each, the overhead in %, and the events written.
4. Drops the database (unless --keep).

Figures only: nothing is pass/fail on time (PERFORMANCE.md). The machine is shared and noisy:
read the ratio, and run it twice.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Sequence
from typing import Any, Final

import strawberry
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from hub.access_log import AccessLog
from hub.auth.viewer import Viewer
from hub.auth.viewers import staff_viewer
from hub.context import Context
from hub.db import (
    SessionFactory,
    create_engine,
    create_read_session_factory,
    create_session_factory,
)
from hub.demo import load_demo
from hub.migrations import upgrade_to_head_async
from hub.models import AccessEvent, Account
from hub.schema.root import build_schema
from hub.settings import Environment, Settings

DEFAULT_DATABASE_URL: Final = "postgresql+asyncpg://postgres@127.0.0.1:5432/hub_bench_access"
DATABASE_URL_VARIABLE: Final = "HUB_BENCH_ACCESS_DATABASE_URL"
READER: Final = "2101002310006"
CITIES: Final = tuple(f"21{n:02d}00" for n in range(1, 15))
BLOCK: Final = 10

STAFF_READ: Final = """
query StaffRead($region: String!) {
  entities(filter: {regionCode: $region}, first: 20) {
    edges { node {
      uscc name legalRepresentative legalRepresentativeIdType legalRepresentativeIdNumber
      complaints(first: 5) { edges { node { subject content complainantName complainantPhone } } }
      records(filter: {statuses: [DRAFT]}, first: 5) { edges { node { decisionNumber status } } }
    } }
  }
}
"""


async def _recreate(url: str) -> None:
    base = make_url(url)
    admin = create_async_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)')
            )
            await connection.execute(text(f'CREATE DATABASE "{base.database}"'))
    finally:
        await admin.dispose()


async def _drop(url: str) -> None:
    base = make_url(url)
    admin = create_async_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)')
            )
    finally:
        await admin.dispose()


async def _reader(sessions: SessionFactory) -> Viewer:
    async with sessions() as session:
        account = await session.scalar(select(Account.id).where(Account.number == READER))
        assert account is not None, f"demo account {READER}"
        viewer = await staff_viewer(session, account)
    assert viewer is not None
    return viewer


async def _events(sessions: SessionFactory) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count(AccessEvent.id))) or 0)


class Reader:
    def __init__(self, schema: strawberry.Schema, settings: Settings, url: str) -> None:
        self.schema = schema
        self.settings = settings
        self.engine = create_engine(url)
        self.read_sessions = create_read_session_factory(self.engine)
        self.write_sessions = create_session_factory(self.engine)

    async def read(self, viewer: Viewer, region: str, access_log: AccessLog | None) -> float:
        started = time.perf_counter()
        context = Context(
            viewer=viewer,
            read_sessions=self.read_sessions,
            write_sessions=self.write_sessions,
            settings=self.settings,
            access_log=access_log,
        )
        result = await self.schema.execute(
            STAFF_READ, variable_values={"region": region}, context_value=context
        )
        elapsed = time.perf_counter() - started
        if result.errors:
            raise RuntimeError(result.errors)
        return elapsed


def _summary(label: str, samples: Sequence[float]) -> tuple[float, float]:
    mean = statistics.fmean(samples) * 1000
    p95 = statistics.quantiles(samples, n=20)[-1] * 1000
    print(f"  {label:<12} mean {mean:7.2f} ms   p95 {p95:7.2f} ms   ({len(samples)} requests)")
    return mean, p95


async def run(url: str, requests: int, keep: bool) -> None:
    print(f"database: {make_url(url).render_as_string(hide_password=True)}")
    await _recreate(url)
    try:
        await upgrade_to_head_async(url)
        settings = Settings(database_url=url, environment=Environment.PROD)
        reader = Reader(build_schema(settings), settings, url)
        started = time.perf_counter()
        await load_demo(reader.write_sessions)
        print(f"demo data loaded in {time.perf_counter() - started:.0f} s")
        async with reader.engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
        viewer = await _reader(reader.read_sessions)
        access_log = AccessLog(reader.write_sessions)
        await access_log.start()
        on: list[float] = []
        off: list[float] = []
        for city in CITIES:  # warm-up: caches, plans, pool
            await reader.read(viewer, city, None)
        before = await _events(reader.read_sessions)
        cities = iter(CITIES * (requests // len(CITIES) + 2))
        for block in range(requests // BLOCK):
            logging = block % 2 == 0
            for _ in range(BLOCK):
                city = next(cities)
                sample = await reader.read(viewer, city, access_log if logging else None)
                (on if logging else off).append(sample)
        await access_log.stop()
        written = await _events(reader.read_sessions) - before
        print(f"staff read: 20 entities with ID numbers, complaints and drafts, as {READER}")
        mean_on, p95_on = _summary("logging on", on)
        mean_off, p95_off = _summary("logging off", off)
        print(
            f"  overhead     mean {100 * (mean_on / mean_off - 1):+.1f} %   "
            f"p95 {100 * (p95_on / p95_off - 1):+.1f} %"
        )
        print(f"  access events written: {written} (batched, off the read path)")
        await reader.engine.dispose()
    finally:
        if not keep:
            await _drop(url)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=300, help="requests in all (default 300)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options: Any = parser.parse_args(argv)
    url = os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL)
    asyncio.run(run(url, options.requests, options.keep))


if __name__ == "__main__":
    main()
