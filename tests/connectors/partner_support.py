"""Helpers of the connector tests (fixtures are in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.types import ExecutionResult

from connectors import ConnectorRegistry
from hub.auth.viewer import PUBLIC, Viewer
from hub.context import Context
from stand_ins.server import RunningStandIn
from tests.support import Graph

StandIns = dict[str, RunningStandIn]
MakeRegistry = Callable[..., ConnectorRegistry]


def connectors_toml(
    stand_ins: StandIns,
    *,
    timeout_seconds: float = 2.0,
    attempts: int = 3,
    backoff_seconds: float = 0.01,
    failure_threshold: int = 5,
    cool_down_seconds: float = 30.0,
    cache_ttl_seconds: float = 300.0,
    batch_size: int = 50,
    auth: str = "",
) -> str:
    """The example file's shape, pointed at the stand-ins' ports."""
    common = f"""
timeout_seconds = {timeout_seconds}
retry = {{ attempts = {attempts}, backoff_seconds = {backoff_seconds}, max_backoff_seconds = 1.0 }}
breaker = {{ failure_threshold = {failure_threshold}, cool_down_seconds = {cool_down_seconds} }}
"""
    dataset = f"batch_size = {batch_size}\ncache_ttl_seconds = {cache_ttl_seconds}\n"
    return f"""
[connectors.national_credit]
kind = "rest"
base_url = "{stand_ins["national_credit"].url}"
{common}
{auth}

[connectors.national_credit.datasets.national_credit]
request = {{ method = "POST", path = "/credit/batch", keys_field = "usccs" }}
results = "results"
key = "uscc"
{dataset}
fields = {{ grade = "grade", score = "score", evaluated_at = "evaluatedAt" }}

[connectors.credit_publicity]
kind = "rest"
base_url = "{stand_ins["credit_publicity"].url}"
{common}

[connectors.credit_publicity.datasets.annual_reports]
request = {{ method = "POST", path = "/annual-reports/batch", keys_field = "usccs" }}
results = "reports"
key = "uscc"
many = true
{dataset}
fields.year = "year"
fields.submitted_on = "submittedOn"
fields.status = "status"
fields.employees = "employees"

[connectors.credit_publicity.datasets.abnormal_operation]
request = {{ method = "POST", path = "/abnormal-operations/batch", keys_field = "usccs" }}
results = "entries"
key = "uscc"
{dataset}
fields = {{ reason = "reason", listed_on = "listedOn", authority = "authority" }}
"""


class PartnerGraph(Graph):
    """`Graph` with the partner connectors on the context, as the server wires them."""

    partners: ConnectorRegistry | None = None

    async def execute(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        *,
        viewer: Viewer = PUBLIC,
    ) -> ExecutionResult:
        context = Context(
            viewer=viewer,
            read_sessions=self.read_sessions,
            write_sessions=self.write_sessions,
            settings=self.settings,
            partners=self.partners,
        )
        return await self.schema.execute(document, variable_values=variables, context_value=context)
