"""对监管的监管: the oversight statistics root field."""

from __future__ import annotations

import strawberry

from hub.auth.directives import VisibilityRule, visibility
from hub.context import Info
from hub.schema.statistics import OversightStatistics, OversightStatisticsFilter
from hub.statistics.oversight import scope_for


@strawberry.type
class StatisticsQuery:
    @strawberry.field(
        description="对监管的监管：监管行为归集与公示统计（需统计分析或跨部门查询权限，本区划及下级）",
        directives=[visibility(VisibilityRule.STAFF)],
    )
    def oversight_statistics(
        self, info: Info, filter: OversightStatisticsFilter | None = None
    ) -> OversightStatistics | None:
        given = filter or OversightStatisticsFilter()
        scope = scope_for(
            info.context.viewer,
            region_code=given.region_code,
            decided_from=given.decided_from,
            decided_to=given.decided_to,
            kinds=tuple(given.kinds or ()),
        )
        return OversightStatistics(scope=scope)
