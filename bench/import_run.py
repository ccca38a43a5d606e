"""`make bench-import`: records/second of `hub import` into PostgreSQL, and its peak memory.

1. (Re)creates the database `hub_bench_import` (HUB_BENCH_IMPORT_DATABASE_URL), migrates it
   and loads what the file refers to: the regions and 和平区市场监督管理局 (210102-231).
2. Generates the file with bench/import_generate.py (skipped when it exists with the same
   name: the name carries the record count and the seed).
3. Runs `.venv/bin/hub import FILE` as a child process and prints lines, seconds,
   records/second and the child's peak RSS (getrusage of the children).
4. Drops the database (unless --keep).

    .venv/bin/python -m bench.import_run --records 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import time

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bench.import_generate import DEPARTMENT, REGION, generate
from hub.db import create_engine, create_session_factory
from hub.migrations import upgrade_to_head_async
from hub.models import Department
from hub.reference import load_reference_data
from hub.settings import PROJECT_ROOT

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hub_bench_import"


async def recreate(url: str) -> None:
    target = make_url(url)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
            )
            await connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        await admin.dispose()
    await upgrade_to_head_async(url)
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await load_reference_data(session)
            name = "和平区市场监督管理局"
            session.add(Department(region_code=REGION, code=DEPARTMENT, name=name))
    finally:
        await engine.dispose()


async def drop(url: str) -> None:
    target = make_url(url)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
            )
    finally:
        await admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description="hub import 的吞吐量基准（PostgreSQL）")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--keep", action="store_true", help="结束后保留数据库")
    options = parser.parse_args()
    url = os.environ.get("HUB_BENCH_IMPORT_DATABASE_URL", DEFAULT_URL)
    path = PROJECT_ROOT / "var" / "bench" / f"import-{options.records}-{options.seed}.jsonl"
    if not path.exists():
        started = time.monotonic()
        generate(path, options.records, options.seed)
        print(f"generated {path} in {time.monotonic() - started:.0f} s", flush=True)
    asyncio.run(recreate(url))
    report = path.with_suffix(".report.jsonl")
    env = {**os.environ, "HUB_DATABASE_URL": url, "HUB_LOG_LEVEL": "warning"}
    command = [str(PROJECT_ROOT / ".venv" / "bin" / "hub"), "import", str(path)]
    command += ["--report", str(report)]
    started = time.monotonic()
    try:
        finished = subprocess.run(command, env=env, check=False)
        elapsed = time.monotonic() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if finished.returncode != 0:
            print(f"hub import failed: exit {finished.returncode}", file=sys.stderr)
            return 1
        rejected = sum(1 for _ in report.open(encoding="utf-8"))
        print(
            f"hub import into PostgreSQL: {options.records} lines in {elapsed:.1f} s = "
            f"{options.records / elapsed:,.0f} records/s; peak RSS {peak_kib / 1024:.0f} MiB; "
            f"report lines {rejected}"
        )
    finally:
        if not options.keep:
            asyncio.run(drop(url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
