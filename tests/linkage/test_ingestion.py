"""The registration feed: idempotent by USCC + registration date, creating and updating the
market entity, routed by keyword and by industry code to the right department and level."""

from __future__ import annotations

from sqlalchemy import func, select

from hub.auth.permissions import PartnerScope
from hub.auth.viewer import Viewer
from hub.models import AuditEvent, EntityRegistration, LinkageNotice, MarketEntity
from tests.linkage.conftest import SUBMIT, LinkageWorld, registration
from tests.support import Graph


def _routed(result: dict[str, object]) -> dict[str, tuple[str, str]]:
    """department code → (department name, its region code) of the notices sent."""
    notices = result["notices"]
    assert isinstance(notices, list)
    return {
        n["department"]["code"]: (n["department"]["name"], n["department"]["region"]["code"])
        for n in notices
    }


async def test_a_registration_is_routed_by_keyword_falling_back_to_the_parent_region(
    linkage: LinkageWorld,
) -> None:
    # given a 新民市 registration that caters and hauls goods: 新民市 has a market-supervision
    # department but no transport department
    entry = registration("210181", "餐饮服务；道路货物运输（不含危险货物）；日用百货销售")
    # when the registration system pushes it
    [result] = await linkage.submit(entry)
    # then market supervision of 新民市 and transport of 沈阳市 each receive one notice
    assert result["outcome"] == "ACCEPTED", result
    routed = _routed(result)
    assert set(routed) == {"231", "303"}
    assert routed["231"] == ("新民市市场监督管理局", "210181")
    assert routed["303"] == ("沈阳市交通运输局", "210100")
    assert result["unroutedDepartmentCodes"] == []
    assert all(n["status"] == "PENDING" and not n["overdue"] for n in result["notices"])


async def test_a_registration_is_routed_by_industry_code_up_to_the_province(
    linkage: LinkageWorld,
) -> None:
    # given a 康平县 registration whose scope names no permit but whose industry code is
    # drug retail (F5251): 药品监督管理部门 exist at province level only
    entry = registration("210123", "软件开发；信息技术咨询服务", industry_code="f5251")
    # when pushed
    [result] = await linkage.submit(entry)
    # then the province's drug administration receives the notice
    assert _routed(result) == {"308": ("辽宁省药品监督管理局", "210000")}


async def test_a_county_with_the_department_receives_the_notice_itself(
    linkage: LinkageWorld,
) -> None:
    [result] = await linkage.submit(registration("210123", "医疗服务；健康咨询服务"))
    assert _routed(result) == {"302": ("康平县卫生健康局", "210123")}


async def test_a_registration_needing_no_permit_sends_nothing(linkage: LinkageWorld) -> None:
    [result] = await linkage.submit(registration("210181", "软件开发；技术服务、技术开发"))
    assert result["outcome"] == "ACCEPTED"
    assert result["notices"] == []


async def test_pushing_the_same_registration_again_changes_nothing(
    linkage: LinkageWorld,
) -> None:
    # given a registration pushed once
    entry = registration("210181", "餐饮服务")
    [first] = await linkage.submit(entry)
    async with linkage.session_factory() as session:
        events_before = await session.scalar(select(func.count(AuditEvent.id)))
    # when it is pushed again, unchanged
    [again] = await linkage.submit(entry)
    # then nothing is written: no second registration, no second notice, no audit event
    assert again["outcome"] == "UNCHANGED"
    assert again["notices"] == []
    async with linkage.session_factory() as session:
        registrations = await session.scalar(
            select(func.count(EntityRegistration.id)).where(
                EntityRegistration.uscc == entry["uscc"]
            )
        )
        notices = await session.scalar(
            select(func.count(LinkageNotice.id))
            .join(EntityRegistration, EntityRegistration.id == LinkageNotice.registration_id)
            .where(EntityRegistration.uscc == entry["uscc"])
        )
        events_after = await session.scalar(select(func.count(AuditEvent.id)))
    assert (registrations, notices) == (1, len(first["notices"])) == (1, 1)
    assert events_after == events_before


async def test_a_corrected_registration_updates_the_entity_and_adds_new_notices_only(
    linkage: LinkageWorld,
) -> None:
    # given a registration that created its entity
    entry = registration("210181", "餐饮服务")
    [first] = await linkage.submit(entry)
    async with linkage.session_factory() as session:
        entity = await session.scalar(
            select(MarketEntity).where(MarketEntity.uscc == entry["uscc"])
        )
    assert entity is not None
    assert entity.name == entry["name"]
    assert entity.established_on is not None
    assert entity.established_on.isoformat() == "2026-11-02"
    # when the same registration (USCC + date) comes again with a new name and wider scope
    corrected = {**entry, "name": entry["name"] + "（更正）", "businessScope": "餐饮服务；药品零售"}
    [again] = await linkage.submit(corrected)
    # then it is updated, the entity follows, and only the new department is told
    assert again["outcome"] == "UPDATED"
    assert set(_routed(again)) == {"308"}
    async with linkage.session_factory() as session:
        entity = await session.scalar(
            select(MarketEntity).where(MarketEntity.uscc == entry["uscc"])
        )
        operations = (
            await session.scalars(
                select(AuditEvent.operation).where(
                    AuditEvent.target_type == "MarketEntity",
                    AuditEvent.target_id == str(entity.id if entity else 0),
                )
            )
        ).all()
    assert entity is not None
    assert entity.name == corrected["name"]
    assert sorted(operations) == ["marketEntity.create", "marketEntity.update"]
    assert len(first["notices"]) == 1


async def test_a_bad_registration_is_refused_alone(linkage: LinkageWorld) -> None:
    good = registration("210181", "餐饮服务")
    bad_code = {**registration("210181", "餐饮服务"), "uscc": "91210181MA0000000X"}
    elsewhere = registration("210202", "餐饮服务")  # 大连市中山区: not 沈阳市's to register
    results = await linkage.submit(good, bad_code, elsewhere)
    assert [r["outcome"] for r in results] == ["ACCEPTED", "REJECTED", "REJECTED"]
    assert [e["field"] for e in results[1]["fieldErrors"]] == ["registrations.1.uscc"]
    assert [e["field"] for e in results[2]["fieldErrors"]] == ["registrations.2.regionCode"]


async def test_only_the_registration_system_may_push(linkage: LinkageWorld, graph: Graph) -> None:
    variables = {"department": linkage.registrar_gid, "registrations": []}
    staff = linkage.staff["city market analyst"]
    assert await graph.error_codes(SUBMIT, variables, viewer=staff) == ["FORBIDDEN"]
    records_only = Viewer.partner(
        client_id=linkage.registrar.partner_client_id or 0,
        department_ids=linkage.registrar.partner_department_ids,
        scopes=frozenset({PartnerScope.RECORDS_WRITE}),
    )
    assert await graph.error_codes(SUBMIT, variables, viewer=records_only) == ["FORBIDDEN"]
    # a registering department the client is not bound to
    other = {"department": linkage.staff["dalian market clerk"].department_id}
    other_gid = {"department": _department_gid(other["department"]), "registrations": []}
    codes = await graph.error_codes(SUBMIT, other_gid, viewer=linkage.registrar)
    assert codes == ["FORBIDDEN"]


def _department_gid(department_id: int | None) -> str:
    from tests.linkage.conftest import gid

    return gid("Department", department_id or 0)
