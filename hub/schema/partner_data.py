"""Data read from partner systems at query time (connectors), and the connectors' metrics.

Each type is built from the mapped answer of one dataset (`connectors.example.toml` maps
the partner's response to these field names). A value the partner sends that does not
fit is the partner's failure: the field is null with PARTNER_UNAVAILABLE at its path."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import strawberry

from connectors import BreakerState, MetricsSnapshot
from hub import models
from hub.auth.directives import VisibilityRule, visibility
from hub.context import Info
from hub.loaders.partners import PartnerUnavailable

# The datasets the graph reads, and the mapped fields each must provide.
NATIONAL_CREDIT: Final = "national_credit"
ANNUAL_REPORTS: Final = "annual_reports"
ABNORMAL_OPERATION: Final = "abnormal_operation"
DATASET_FIELDS: Final = {
    NATIONAL_CREDIT: frozenset({"grade", "score", "evaluated_at"}),
    ANNUAL_REPORTS: frozenset({"year", "submitted_on", "status", "employees"}),
    ABNORMAL_OPERATION: frozenset({"reason", "listed_on", "authority"}),
}

strawberry.enum(
    BreakerState, description="熔断器状态：闭合（正常）、断开（暂停调用）、半开（试探）"
)


@strawberry.type(description="国家信用平台的信用评价结果（实时查询外部系统）")
class NationalCredit:
    grade: models.CreditGrade = strawberry.field(description="信用等级")
    score: Decimal | None = strawberry.field(description="得分（0-100）")
    evaluated_at: datetime | None = strawberry.field(description="评价时间")

    @classmethod
    def from_partner(cls, item: Mapping[str, Any]) -> NationalCredit:
        return cls(
            grade=models.CreditGrade(str(item["grade"]).strip().upper()),
            score=_decimal(item["score"]),
            evaluated_at=_datetime(item["evaluated_at"]),
        )


@strawberry.type(description="企业年度报告（国家企业信用信息公示系统）")
class AnnualReport:
    year: int = strawberry.field(description="报告年度")
    submitted_on: date | None = strawberry.field(description="报送日期")
    status: str | None = strawberry.field(description="公示状态")
    employees: int | None = strawberry.field(description="从业人数")

    @classmethod
    def from_partner(cls, item: Mapping[str, Any]) -> AnnualReport:
        employees = item["employees"]
        return cls(
            year=int(item["year"]),
            submitted_on=_date(item["submitted_on"]),
            status=None if item["status"] is None else str(item["status"]),
            employees=None if employees is None else int(employees),
        )


@strawberry.type(description="经营异常名录状态（国家企业信用信息公示系统）")
class AbnormalOperation:
    listed: bool = strawberry.field(description="是否列入经营异常名录")
    reason: str | None = strawberry.field(description="列入原因")
    listed_on: date | None = strawberry.field(description="列入日期")
    authority: str | None = strawberry.field(description="作出决定机关")

    @classmethod
    def from_partner(cls, item: Mapping[str, Any] | None) -> AbnormalOperation:
        if item is None:
            return cls(listed=False, reason=None, listed_on=None, authority=None)
        return cls(
            listed=True,
            reason=None if item["reason"] is None else str(item["reason"]),
            listed_on=_date(item["listed_on"]),
            authority=None if item["authority"] is None else str(item["authority"]),
        )


async def _partner_data(info: Info, dataset: str, key: str) -> Any:
    loader = info.context.loaders.partner_data(info.context.partners, dataset)
    return await loader.load(key)


def _unusable(info: Info, dataset: str) -> PartnerUnavailable:
    registry = info.context.partners
    provider = registry.provider(dataset) if registry is not None else None
    return PartnerUnavailable(provider.name if provider else "none", dataset)


async def national_credit_of(info: Info, uscc: str) -> NationalCredit | None:
    item = await _partner_data(info, NATIONAL_CREDIT, uscc)
    try:
        return None if item is None else NationalCredit.from_partner(item)
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise _unusable(info, NATIONAL_CREDIT) from error


async def annual_reports_of(info: Info, uscc: str) -> list[AnnualReport]:
    items = await _partner_data(info, ANNUAL_REPORTS, uscc)
    try:
        reports = [AnnualReport.from_partner(item) for item in items or []]
    except (KeyError, TypeError, ValueError) as error:
        raise _unusable(info, ANNUAL_REPORTS) from error
    return sorted(reports, key=lambda report: report.year, reverse=True)


async def abnormal_operation_of(info: Info, uscc: str) -> AbnormalOperation:
    item = await _partner_data(info, ABNORMAL_OPERATION, uscc)
    try:
        return AbnormalOperation.from_partner(item)
    except (KeyError, TypeError, ValueError) as error:
        raise _unusable(info, ABNORMAL_OPERATION) from error


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


@strawberry.type(description="外部系统连接器的运行指标（本进程内统计）")
class ConnectorMetrics:
    connector: str = strawberry.field(description="连接器名称")
    kind: str = strawberry.field(description="连接方式：rest、graphql、sql")
    calls: int = strawberry.field(description="向外部系统发出的调用次数（含重试）")
    errors: int = strawberry.field(description="失败次数（不含超时）")
    timeouts: int = strawberry.field(description="超时次数")
    retries: int = strawberry.field(description="重试次数")
    rejected: int = strawberry.field(description="熔断期间拒绝的调用次数")
    cache_hits: int = strawberry.field(description="缓存命中（按键）")
    cache_misses: int = strawberry.field(description="缓存未命中（按键）")
    latency_p50_ms: float | None = strawberry.field(description="延迟中位数（毫秒，近期窗口）")
    latency_p95_ms: float | None = strawberry.field(description="延迟 95 分位（毫秒）")
    latency_p99_ms: float | None = strawberry.field(description="延迟 99 分位（毫秒）")
    breaker_state: BreakerState = strawberry.field(description="熔断器状态")
    consecutive_failures: int = strawberry.field(description="连续失败次数")

    @classmethod
    def from_snapshot(cls, snapshot: MetricsSnapshot) -> ConnectorMetrics:
        return cls(
            connector=snapshot.connector,
            kind=snapshot.kind,
            calls=snapshot.calls,
            errors=snapshot.errors,
            timeouts=snapshot.timeouts,
            retries=snapshot.retries,
            rejected=snapshot.rejected,
            cache_hits=snapshot.cache_hits,
            cache_misses=snapshot.cache_misses,
            latency_p50_ms=snapshot.latency_p50_ms,
            latency_p95_ms=snapshot.latency_p95_ms,
            latency_p99_ms=snapshot.latency_p99_ms,
            breaker_state=snapshot.breaker_state,
            consecutive_failures=snapshot.consecutive_failures,
        )


@strawberry.type
class ConnectorQuery:
    @strawberry.field(
        description="各外部系统连接器的运行指标（管理员可见）",
        directives=[visibility(VisibilityRule.ADMINISTRATOR)],
    )
    def connector_metrics(self, info: Info) -> list[ConnectorMetrics] | None:
        registry = info.context.partners
        if registry is None:
            return []
        return [ConnectorMetrics.from_snapshot(s) for s in registry.metrics()]
