"""The organisation's root fields (issue 3): one query and one mutation class assembled
from the concepts', so the root schema names them once."""

from __future__ import annotations

import strawberry

from hub.resolvers.accounts import AccountMutation, AccountQuery
from hub.resolvers.audit_events import AuditEventQuery
from hub.resolvers.org_units import OrgUnitMutation, OrgUnitQuery
from hub.resolvers.partner_clients import PartnerClientMutation, PartnerClientQuery
from hub.resolvers.permission_grants import PermissionGrantMutation, PermissionGrantQuery
from hub.resolvers.region_administration import RegionAdministrationMutation
from hub.resolvers.users import UserMutation, UserQuery


@strawberry.type
class OrganisationQuery(
    AccountQuery,
    UserQuery,
    OrgUnitQuery,
    PermissionGrantQuery,
    AuditEventQuery,
    PartnerClientQuery,
):
    pass


@strawberry.type
class OrganisationMutation(
    RegionAdministrationMutation,
    UserMutation,
    AccountMutation,
    OrgUnitMutation,
    PermissionGrantMutation,
    PartnerClientMutation,
):
    pass
