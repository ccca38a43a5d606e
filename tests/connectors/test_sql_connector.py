"""A read-only SQL partner database through SQLAlchemy async: the MariaDB of this machine
(127.0.0.1:3306, root, database `test`). The test makes its own table and drops it; when
MariaDB does not answer the test fails (CI never skips a backend)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from connectors import PartnerUnavailableError
from hub.auth.viewer import Viewer
from hub.demo import DemoSummary
from tests.connectors.partner_support import MakeRegistry, PartnerGraph

MARIADB_URL = "mysql+aiomysql://root@127.0.0.1:3306/test"

PAGE = """
query Page($first: Int!) {
  entities(first: $first, orderBy: USCC_ASC) {
    edges { node { uscc abnormalOperation { listed reason listedOn authority } } }
  }
}
"""

SQL_CONNECTORS = """
[connectors.legacy_registry]
kind = "sql"
dsn = "{url}"
timeout_seconds = 5.0
retry = {{ attempts = 2, backoff_seconds = 0.01 }}

[connectors.legacy_registry.datasets.abnormal_operation]
query = "SELECT uscc, reason, listed_on, authority FROM {table} WHERE uscc IN :keys"
key = "uscc"
batch_size = 50
fields = {{ reason = "reason", listed_on = "listed_on", authority = "authority" }}

[connectors.legacy_registry.datasets.session_read_only]
query = "SELECT uscc, @@session.tx_read_only AS read_only FROM {table} WHERE uscc IN :keys"
key = "uscc"
fields = {{ read_only = "read_only" }}
"""


@pytest.fixture
async def abnormal_table() -> AsyncIterator[str]:
    table = f"hub_connector_test_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(MARIADB_URL)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    f"CREATE TABLE {table} (uscc CHAR(18) PRIMARY KEY, reason VARCHAR(200), "
                    "listed_on DATE, authority VARCHAR(100)) DEFAULT CHARSET=utf8mb4"
                )
            )
        yield table
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
        await engine.dispose()


async def insert(table: str, rows: list[dict[str, Any]]) -> None:
    engine = create_async_engine(MARIADB_URL)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    f"INSERT INTO {table} (uscc, reason, listed_on, authority) "
                    "VALUES (:uscc, :reason, :listed_on, :authority)"
                ),
                rows,
            )
    finally:
        await engine.dispose()


async def test_the_abnormal_list_from_a_sql_database(
    partner_graph: PartnerGraph,
    make_registry: MakeRegistry,
    abnormal_table: str,
    staff: Viewer,
    demo_data: DemoSummary,
) -> None:
    # given the first page's USCCs, two of them on the partner database's list
    partner_graph.partners = registry = make_registry(
        SQL_CONNECTORS.format(url=MARIADB_URL, table=abnormal_table)
    )
    first = await partner_graph.data(PAGE, {"first": 30}, viewer=staff)
    usccs = [edge["node"]["uscc"] for edge in first["entities"]["edges"]]
    registry.clear_caches()
    listed = {
        usccs[3]: ("通过登记的住所或者经营场所无法联系", date(2025, 3, 14)),
        usccs[17]: ("未按期公示年度报告", date(2024, 7, 1)),
    }
    await insert(
        abnormal_table,
        [
            {"uscc": u, "reason": r, "listed_on": d, "authority": "沈阳市市场监督管理局"}
            for u, (r, d) in listed.items()
        ],
    )
    # when the page is read again
    data = await partner_graph.data(PAGE, {"first": 30}, viewer=staff)
    # then exactly those two are listed, with the database's values, in one SELECT
    for edge in data["entities"]["edges"]:
        node = edge["node"]
        status = node["abnormalOperation"]
        if node["uscc"] in listed:
            reason, listed_on = listed[node["uscc"]]
            assert status == {
                "listed": True,
                "reason": reason,
                "listedOn": listed_on.isoformat(),
                "authority": "沈阳市市场监督管理局",
            }
        else:
            assert status["listed"] is False
    snapshot = registry.connectors["legacy_registry"].snapshot()
    assert snapshot.kind == "sql"
    assert snapshot.calls == 2  # one per page read, 30 keys each
    # and the connector's session is read-only
    answers = await registry.fetch("session_read_only", list(listed))
    assert [answer["read_only"] for answer in answers] == [1, 1]


async def test_an_unreachable_database_is_partner_unavailable(make_registry: MakeRegistry) -> None:
    registry = make_registry(
        SQL_CONNECTORS.format(url="mysql+aiomysql://root@127.0.0.1:1/test", table="nowhere")
    )
    (answer,) = await registry.fetch("abnormal_operation", ["91350100M000100Y43"])
    assert isinstance(answer, PartnerUnavailableError)
    snapshot = registry.connectors["legacy_registry"].snapshot()
    assert (snapshot.calls, snapshot.errors, snapshot.retries) == (2, 2, 1)
