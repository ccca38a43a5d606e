"""The one schema: the root Query is the union of every concept's query class, so adding a
concept never means editing a central resolver file."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.relay.types import GlobalIDValueError

from hub.auth.visibility import attach_visibility
from hub.context import Info
from hub.errors import BadUserInput
from hub.http.protections import graphql_extensions
from hub.resolvers.access_events import AccessEventQuery
from hub.resolvers.announcement_entry import AnnouncementEntryMutation
from hub.resolvers.announcements import AnnouncementQuery
from hub.resolvers.complaints import ComplaintMutation, ComplaintQuery
from hub.resolvers.credit import CreditMutation, CreditQuery
from hub.resolvers.departments import DepartmentQuery
from hub.resolvers.inspection_plans import InspectionPlanMutation, InspectionPlanQuery
from hub.resolvers.linkage_notices import LinkageMutation, LinkageQuery
from hub.resolvers.market_entities import MarketEntityQuery
from hub.resolvers.organisation import OrganisationMutation, OrganisationQuery
from hub.resolvers.partner_submissions import PartnerSubmissionMutation, PartnerSubmissionQuery
from hub.resolvers.record_entry import RecordEntryMutation
from hub.resolvers.records import RecordQuery
from hub.resolvers.regions import RegionQuery
from hub.resolvers.risk import RiskMutation, RiskQuery, RiskSubscription
from hub.resolvers.sign_in import SignInMutation, ViewerQuery
from hub.resolvers.statistics import StatisticsQuery
from hub.resolvers.supervision_item_entry import SupervisionItemMutation
from hub.resolvers.supervision_items import SupervisionItemQuery
from hub.schema.federation import FEDERATION_VERSION, FederatedHubSchema
from hub.schema.partner_data import ConnectorQuery
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
    ComplaintQuery,
    ViewerQuery,
    OrganisationQuery,
    ConnectorQuery,
    PartnerSubmissionQuery,
    InspectionPlanQuery,
    LinkageQuery,
    AccessEventQuery,
    CreditQuery,
    RiskQuery,
    StatisticsQuery,
):
    # A plain resolver rather than `relay.node()`: that field binds itself to the first
    # schema built from this class, and the tests and server each build their own.
    @strawberry.field(description="按全局ID查询任一对象（Relay）")
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        try:
            id.resolve_type(info)
        except GlobalIDValueError as error:
            raise BadUserInput("该全局ID不指向任何可查询对象", field="id") from error
        node: relay.Node | None = await id.resolve_node(info, required=False)
        return node


@strawberry.type(description="变更")
class Mutation(
    SignInMutation,
    OrganisationMutation,
    RecordEntryMutation,
    PartnerSubmissionMutation,
    AnnouncementEntryMutation,
    SupervisionItemMutation,
    InspectionPlanMutation,
    LinkageMutation,
    ComplaintMutation,
    CreditMutation,
    RiskMutation,
):
    pass


@strawberry.type(description="订阅（WebSocket，graphql-transport-ws 协议）")
class Subscription(RiskSubscription):
    pass


def build_schema(settings: Settings) -> strawberry.Schema:
    attach_visibility(root_types=[Query, Mutation], other_types=RECORD_TYPES.values())
    # Also an Apollo Federation 2 subgraph: `_service { sdl }`, and `_entities` for the
    # entity types (MarketEntity, keyed by `uscc`).
    return FederatedHubSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        # Record kinds are reached only through the interface; list them so the schema
        # knows every concrete type.
        types=list(RECORD_TYPES.values()),
        extensions=graphql_extensions(settings),
        federation_version=FEDERATION_VERSION,
    )
