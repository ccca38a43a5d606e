"""风险预警: risk models and alerts (queries, mutations) and the live alert subscription."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError

from hub.auth.directives import VisibilityRule, visibility
from hub.auth.policy import risk_management_refusal
from hub.collection.changes import Change, write_transaction
from hub.collection.problems import CONFLICT, Invalid
from hub.context import Info
from hub.errors import BadUserInput, Forbidden
from hub.models import RiskAlertStatus, RiskLevel
from hub.pagination import Page
from hub.queries.risk import (
    NEWEST_ALERTS_FIRST,
    AlertFilter,
    risk_alerts_by_ids,
    risk_alerts_count,
    risk_alerts_page,
    risk_models_list,
)
from hub.risk import alerts, models
from hub.schema.base import page_args
from hub.schema.inputs import department_id_of, node_id_of
from hub.schema.mutations import FieldError, InputError
from hub.schema.risk import (
    RiskAlert,
    RiskAlertConnection,
    RiskAlertPayload,
    RiskModel,
    RiskModelInput,
    RiskModelPayload,
)

T = TypeVar("T")

RiskModelResult = Annotated[RiskModelPayload | InputError, strawberry.union("RiskModelResult")]
RiskAlertResult = Annotated[RiskAlertPayload | InputError, strawberry.union("RiskAlertResult")]


@strawberry.input(description="风险预警筛选条件")
class RiskAlertFilter:
    statuses: list[RiskAlertStatus] | None = strawberry.field(
        default=None, description="状态（任一）"
    )
    levels: list[RiskLevel] | None = strawberry.field(default=None, description="预警等级（任一）")
    model_id: strawberry.ID | None = strawberry.field(default=None, description="风险模型")
    entity_id: strawberry.ID | None = strawberry.field(default=None, description="市场主体")
    department_id: strawberry.ID | None = strawberry.field(default=None, description="处理部门")

    def to_filter(self) -> AlertFilter:
        return AlertFilter(
            statuses=tuple(self.statuses or ()),
            levels=tuple(self.levels or ()),
            model_id=None
            if self.model_id is None
            else node_id_of(self.model_id, ("RiskModel",), field="filter.modelId"),
            entity_id=None
            if self.entity_id is None
            else node_id_of(self.entity_id, ("MarketEntity",), field="filter.entityId"),
            department_id=department_id_of(self.department_id, field="filter.departmentId"),
        )


@strawberry.type
class RiskQuery:
    @strawberry.field(
        description="风险模型（本部门；有跨部门查询权限者含本区划下级部门）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def risk_models(self, info: Info, enabled: bool | None = None) -> list[RiskModel] | None:
        rows = await info.context.scalars(risk_models_list(info.context.viewer, enabled))
        return [RiskModel.from_model(row) for row in rows]

    @strawberry.field(
        description="风险预警（本部门；有跨部门查询权限者含本区划下级部门），最新在前",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    async def risk_alerts(
        self,
        info: Info,
        filter: RiskAlertFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> RiskAlertConnection | None:
        page = page_args(info, first, after, NEWEST_ALERTS_FIRST)
        alert_filter = filter.to_filter() if filter is not None else AlertFilter()
        context = info.context
        rows = await context.scalars(risk_alerts_page(context.viewer, alert_filter, page))

        async def count() -> int:
            return int(await context.scalar(risk_alerts_count(context.viewer, alert_filter)))

        return RiskAlertConnection.from_page(
            Page.from_overfetch(list(rows), page), NEWEST_ALERTS_FIRST, RiskAlert.from_model, count
        )


# Arguments beside `input`: their errors are not under it.
ARGUMENTS = frozenset({"id", "note", "enabled"})


def input_error(error: Invalid) -> InputError:
    field_errors = [
        FieldError(
            field=problem.field if problem.field in ARGUMENTS else f"input.{problem.field}",
            message=problem.message,
        )
        for problem in error.problems
    ]
    return InputError(message=error.message, code=error.code, field_errors=field_errors)


async def run_risk_change(info: Info, make: Callable[[Change], Awaitable[T]]) -> T | InputError:
    """`make` in the mutation's one transaction; refused input rolls it back and comes
    back as `InputError`, `Forbidden`/`NotFound` and bugs propagate as GraphQL errors."""
    try:
        async with write_transaction(info.context) as change:
            return await make(change)
    except Invalid as error:
        return input_error(error)
    except IntegrityError as error:
        # A concurrent definition took the name between our check and our insert.
        if "risk_models" in str(error.orig):
            return input_error(Invalid.on("name", models.DUPLICATE_NAME, code=CONFLICT))
        raise
    except BadUserInput as error:
        field = error.extensions.get("field")
        return input_error(Invalid.on(field if isinstance(field, str) else "id", error.message))


def _model_id(value: strawberry.ID) -> int:
    return node_id_of(value, ("RiskModel",), field="id")


def _alert_id(value: strawberry.ID) -> int:
    return node_id_of(value, ("RiskAlert",), field="id")


def _model_payload(model: object) -> RiskModelPayload:
    return RiskModelPayload(risk_model=RiskModel.from_model(model))


def _alert_payload(alert: object) -> RiskAlertPayload:
    return RiskAlertPayload(risk_alert=RiskAlert.from_model(alert))


@strawberry.type
class RiskMutation:
    @strawberry.mutation(description="定义本部门的风险模型（需风险预警权限）")
    async def define_risk_model(self, info: Info, input: RiskModelInput) -> RiskModelResult:
        async def make(change: Change) -> RiskModelPayload:
            return _model_payload(await models.define_model(change, input.to_definition()))

        return await run_risk_change(info, make)

    @strawberry.mutation(description="修改本部门的风险模型（整体替换定义）")
    async def update_risk_model(
        self, info: Info, id: strawberry.ID, input: RiskModelInput
    ) -> RiskModelResult:
        async def make(change: Change) -> RiskModelPayload:
            model = await models.update_model(change, _model_id(id), input.to_definition())
            return _model_payload(model)

        return await run_risk_change(info, make)

    @strawberry.mutation(description="启用或停用本部门的风险模型")
    async def set_risk_model_enabled(
        self, info: Info, id: strawberry.ID, enabled: bool
    ) -> RiskModelResult:
        async def make(change: Change) -> RiskModelPayload:
            return _model_payload(await models.set_model_enabled(change, _model_id(id), enabled))

        return await run_risk_change(info, make)

    @strawberry.mutation(description="签收风险预警")
    async def acknowledge_risk_alert(self, info: Info, id: strawberry.ID) -> RiskAlertResult:
        async def make(change: Change) -> RiskAlertPayload:
            return _alert_payload(await alerts.acknowledge_alert(change, _alert_id(id)))

        return await run_risk_change(info, make)

    @strawberry.mutation(description="办结风险预警（需填写办结说明）")
    async def close_risk_alert(self, info: Info, id: strawberry.ID, note: str) -> RiskAlertResult:
        async def make(change: Change) -> RiskAlertPayload:
            return _alert_payload(await alerts.close_alert(change, _alert_id(id), note))

        return await run_risk_change(info, make)


@strawberry.type
class RiskSubscription:
    @strawberry.subscription(
        description="新产生的风险预警（实时推送，graphql-transport-ws；仅推送当前用户可见的预警）"
    )
    async def risk_alert_raised(self, info: Info) -> AsyncGenerator[RiskAlert, None]:
        # Imported here: the HTTP layer imports the schema, not the other way round.
        from hub.http.subscriptions import SubscriptionContext

        context = info.context
        reason = risk_management_refusal(context.viewer)
        if reason is not None:
            raise Forbidden(reason)
        if not isinstance(context, SubscriptionContext):
            raise Forbidden("风险预警只能通过 WebSocket 订阅")
        async with context.risk_alerts.subscription() as queue:
            while True:
                alert_ids = await queue.get()
                context.forget_loaded()
                for row in await context.scalars(risk_alerts_by_ids(context.viewer, alert_ids)):
                    yield RiskAlert.from_model(row)
