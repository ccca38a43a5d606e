"""Partner batch speed: records/second of one `submitRecords` batch of 1,000 penalties
(about 10% bad: a wrong USCC check character, a negative fine, or a number used twice),
half published, each with a new market entity; then the same batch resubmitted (all
unchanged or rejected again). In process, through the real schema, as a partner viewer,
into PostgreSQL (`hub_bench_partner`, HUB_BENCH_PARTNER_DATABASE_URL), recreated per run.

    .venv/bin/python -m bench.partner_batch [--records 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from strawberry.relay import to_base64

from hub.auth.viewer import Viewer
from hub.context import Context
from hub.db import create_engine, create_read_session_factory, create_session_factory
from hub.domain.uscc import check_character
from hub.migrations import upgrade_to_head_async
from hub.models import Department, PartnerClient, PartnerClientDepartment
from hub.reference import load_reference_data
from hub.schema.root import build_schema
from hub.settings import Environment, Settings

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hub_bench_partner"
SUBMIT = """
mutation Submit($records: [PartnerRecordInput!]!) {
  result: submitRecords(records: $records) {
    __typename
    ... on SubmitRecordsPayload {
      accepted: count(outcome: ACCEPTED) updated: count(outcome: UPDATED)
      unchanged: count(outcome: UNCHANGED) rejected: count(outcome: REJECTED)
    }
    ... on InputError { message }
  }
}"""


async def recreate(url: str) -> tuple[int, int]:
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
            department = Department(region_code="210102", code="231", name="和平区市场监督管理局")
            client = PartnerClient(
                client_id="bench-partner", name="基准测试对接系统", secret_hash="-", scopes="x"
            )
            session.add_all([department, client])
            await session.flush()
            session.add(PartnerClientDepartment(client_id=client.id, department_id=department.id))
            return department.id, client.id
    finally:
        await engine.dispose()


def batch(department_id: int, count: int, round_number: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed + round_number)
    decided = (date.today() - timedelta(days=3)).isoformat()
    records = []
    for n in range(count):
        first = f"91210102{rng.randrange(10**9):09d}"
        uscc = first + check_character(first)
        number = f"沈和基准罚〔2026〕{round_number}-{n}号"
        fine = "0.5"
        bad = rng.random() < 0.10
        if bad:
            flaw = rng.randrange(3)
            if flaw == 0:
                uscc = first + ("0" if check_character(first) != "0" else "1")
            elif flaw == 1:
                fine = "-1"
            else:
                number = f"沈和基准罚〔2026〕{round_number}-0号"
        records.append(
            {
                "partnerRecordId": f"BENCH-{round_number}-{n}",
                "departmentId": to_base64("Department", department_id),
                "publish": n % 2 == 0,
                "penalty": {
                    "subject": {
                        "name": f"基准测试企业{n}",
                        "category": "LEGAL_PERSON",
                        "uscc": uscc,
                    },
                    "documentName": "行政处罚决定书",
                    "decisionNumber": number,
                    "decisionDate": decided,
                    "violationType": "销售过期食品",
                    "violationFacts": "当事人销售超过保质期的食品",
                    "legalBasis": "《中华人民共和国食品安全法》第一百二十四条",
                    "penaltyTypes": ["WARNING", "FINE"],
                    "content": "警告，罚款",
                    "fineAmount": fine,
                },
            }
        )
    return records


async def run(url: str, count: int, rounds: int, seed: int) -> None:
    department_id, client_id = await recreate(url)
    settings = Settings(database_url=url, environment=Environment.DEV)
    schema = build_schema(settings)
    engine = create_engine(url)
    viewer = Viewer.partner(client_id=client_id, department_ids=frozenset({department_id}))
    context = Context(
        viewer=viewer,
        read_sessions=create_read_session_factory(engine),
        write_sessions=create_session_factory(engine),
        settings=settings,
    )

    async def submit(records: list[dict[str, Any]]) -> tuple[float, dict[str, Any]]:
        started = time.perf_counter()
        result = await schema.execute(
            SUBMIT, variable_values={"records": records}, context_value=context
        )
        elapsed = time.perf_counter() - started
        if result.errors or result.data is None:
            raise RuntimeError(f"submitRecords failed: {result.errors}")
        return elapsed, dict(result.data["result"])

    try:
        for round_number in range(rounds):
            records = batch(department_id, count, round_number, seed)
            elapsed, first = await submit(records)
            print(
                f"round {round_number + 1}: new batch of {count}: {count / elapsed:,.0f} records/s "
                f"({elapsed:.2f} s; accepted {first['accepted']}, rejected {first['rejected']})"
            )
            elapsed, again = await submit(records)
            print(
                f"round {round_number + 1}: resubmitted:        {count / elapsed:,.0f} records/s "
                f"({elapsed:.2f} s; unchanged {again['unchanged']}, rejected {again['rejected']})"
            )
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="对接系统批量提交的吞吐量基准（PostgreSQL）")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261129)
    options = parser.parse_args()
    url = os.environ.get("HUB_BENCH_PARTNER_DATABASE_URL", DEFAULT_URL)
    asyncio.run(run(url, options.records, options.rounds, options.seed))


if __name__ == "__main__":
    main()
