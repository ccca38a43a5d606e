"""对监管的监管: the oversight statistics root field."""

from __future__ import annotations

import strawberry

from hub.context import Info
from hub.schema.statistics import OversightStatistics, OversightStatisticsFilter
from hub.statistics.oversight import scope_for


@strawberry.type
class StatisticsQuery:
    @strawberry.field(
        description="对监管的监管：监管行为归集与公示统计（需统计分析或跨部门查询权限，本区划及下级）"
    )
    def oversight_statistics(
        self, info: Info, filter: OversightStatisticsFilter | None = None
    ) -> OversightStatistics | None:
        # Who may read which region's statistics is the policy's (`statistics_region`),
        # applied by `scope_for`: FORBIDDEN for the public and for staff without
        # VIEW_STATISTICS or CROSS_DEPARTMENT_QUERY.
        given = filter or OversightStatisticsFilter()
        scope = scope_for(
            info.context.viewer,
            region_code=given.region_code,
            decided_from=given.decided_from,
            decided_to=given.decided_to,
            kinds=tuple(given.kinds or ()),
        )
        return OversightStatistics(scope=scope)
