"""Statements over partner clients, always starting from the viewer's readable rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from hub.auth.policy import readable_partner_clients
from hub.auth.viewer import Viewer
from hub.db import AnySelect
from hub.models import PartnerClient, PartnerClientDepartment
from hub.pagination import Ordering, PageArgs

PARTNER_CLIENTS_BY_ID = Ordering("ID_ASC", PartnerClient.id, PartnerClient.id, descending=False)


def partner_clients_page(viewer: Viewer, page: PageArgs) -> AnySelect:
    return page.apply(select(PartnerClient).where(readable_partner_clients(viewer)))


def partner_clients_count(viewer: Viewer) -> AnySelect:
    return select(func.count(PartnerClient.id)).where(readable_partner_clients(viewer))


def partner_clients_by_id(viewer: Viewer, ids: Sequence[int]) -> AnySelect:
    return select(PartnerClient).where(readable_partner_clients(viewer), PartnerClient.id.in_(ids))


def departments_of_partner_clients(client_ids: Sequence[int]) -> AnySelect:
    """(client id, department id) of readable clients' bindings."""
    return (
        select(PartnerClientDepartment.client_id, PartnerClientDepartment.department_id)
        .where(PartnerClientDepartment.client_id.in_(client_ids))
        .order_by(PartnerClientDepartment.client_id, PartnerClientDepartment.department_id)
    )
