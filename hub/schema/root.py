"""The one schema: the root Query is the union of every concept's query class, so adding a
concept never means editing a central resolver file."""

from __future__ import annotations

import strawberry
from strawberry import relay

from hub.http.protections import graphql_extensions
from hub.http.schema_support import HubSchema
from hub.resolvers.announcements import AnnouncementQuery
from hub.resolvers.departments import DepartmentQuery
from hub.resolvers.market_entities import MarketEntityQuery
from hub.resolvers.records import RecordQuery
from hub.resolvers.regions import RegionQuery
from hub.resolvers.supervision_items import SupervisionItemQuery
from hub.schema.record_kinds import RECORD_TYPES
from hub.settings import Settings


@strawberry.type(description="互联网+监管 数据枢纽")
class Query(
    MarketEntityQuery,
    RecordQuery,
    RegionQuery,
    DepartmentQuery,
    SupervisionItemQuery,
    AnnouncementQuery,
):
    node: relay.Node | None = relay.node(description="按全局ID查询任一对象（Relay）")


def build_schema(settings: Settings) -> strawberry.Schema:
    return HubSchema(
        query=Query,
        # Record kinds are reached only through the interface; list them so the schema
        # knows every concrete type.
        types=list(RECORD_TYPES.values()),
        extensions=graphql_extensions(settings),
    )
