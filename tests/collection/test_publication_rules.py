"""公示 rules: the working-day calendar, the 7-working-day deadline (reported, never
enforced) and the default publication period of each kind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hub.collection.publication_rules import (
    default_publication_end,
    publication_deadline,
    published_within_deadline,
)
from hub.domain.working_days import (
    add_working_days,
    is_known_year,
    is_working_day,
    working_days_between,
)
from hub.models import RecordKind
from tests.collection.conftest import Desk
from tests.collection.inputs import DECIDED, KIND_FIELDS, PUBLISH
from tests.collection.test_record_entry import create
from tests.support import Graph


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before the Spring Festival
        (date(2026, 2, 14), True),  # Saturday worked in exchange (调休)
        (date(2026, 2, 17), False),  # 春节 (Tuesday)
        (date(2026, 2, 23), False),  # last day of the break (Monday)
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday worked
        (date(2026, 9, 20), True),  # Sunday worked before National Day
        (date(2026, 9, 25), False),  # 中秋 (Friday)
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday worked
        (date(2026, 10, 11), False),  # an ordinary Sunday
        (date(2025, 1, 28), False),  # 除夕 2025
        (date(2024, 2, 18), True),  # Sunday worked after the 2024 Spring Festival
    ],
)
def test_the_official_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_a_year_without_an_official_notice_falls_back_to_weekdays() -> None:
    assert all(is_known_year(year) for year in (2024, 2025, 2026))
    assert not is_known_year(2099)
    assert is_working_day(date(2099, 1, 5)) is True  # a Monday
    assert is_working_day(date(2099, 1, 4)) is False  # a Sunday


@pytest.mark.parametrize(
    ("decided", "deadline"),
    [
        # Tuesday before the Spring Festival: 11, 12, 13, 14 (调休), then 24, 25, 26
        (date(2026, 2, 10), date(2026, 2, 26)),
        # Thursday before 中秋 and National Day: 28, 29, 30, 8, 9, 10 (调休), 12
        (date(2026, 9, 24), date(2026, 10, 12)),
        # Friday: the Sunday worked counts (9-20), 中秋 (9-25) does not
        (date(2026, 9, 18), date(2026, 9, 29)),
        # an ordinary week
        (date(2026, 6, 1), date(2026, 6, 10)),
    ],
)
def test_seven_working_days_after_the_decision(decided: date, deadline: date) -> None:
    assert add_working_days(decided, 7) == deadline
    assert working_days_between(decided, deadline) == 7
    assert publication_deadline(RecordKind.PENALTY, decided) == deadline
    assert publication_deadline(RecordKind.LICENSE, decided) == deadline
    assert publication_deadline(RecordKind.INSPECTION, decided) is None


def test_on_time_is_judged_on_the_beijing_date() -> None:
    decided = date(2026, 2, 10)  # deadline 2026-02-26
    today = date(2026, 3, 10)
    # 23:00 in Beijing on the last day: on time
    late_evening = datetime(2026, 2, 26, 15, 0, tzinfo=UTC)
    assert published_within_deadline(RecordKind.PENALTY, decided, late_evening, today) is True
    # 01:00 in Beijing the next day: late
    past_midnight = datetime(2026, 2, 26, 17, 0, tzinfo=UTC)
    assert published_within_deadline(RecordKind.PENALTY, decided, past_midnight, today) is False
    # not published: unknown until the deadline passes, then late
    assert published_within_deadline(RecordKind.PENALTY, decided, None, date(2026, 2, 26)) is None
    assert published_within_deadline(RecordKind.PENALTY, decided, None, today) is False
    # no deadline for the kind
    assert published_within_deadline(RecordKind.FILING, decided, None, today) is None


def test_default_publication_periods() -> None:
    decided = date(2024, 2, 29)
    assert default_publication_end(RecordKind.PENALTY, decided, {}) == date(2027, 2, 28)
    until = date(2029, 5, 31)
    assert default_publication_end(RecordKind.LICENSE, decided, {"valid_to": until}) == until
    assert default_publication_end(RecordKind.LICENSE, decided, {"valid_to": None}) is None
    assert default_publication_end(RecordKind.BLACKLIST, decided, {"removal_date": until}) == until
    for kind in (RecordKind.INSPECTION, RecordKind.FILING, RecordKind.ENFORCEMENT):
        assert default_publication_end(kind, decided, {}) is None


RULES = """
query Rules($id: ID!) {
  node(id: $id) {
    ... on SupervisionRecord { publicationEndDate publicationDeadline publishedWithinDeadline }
  }
}"""


async def test_entry_applies_the_default_and_the_graph_tells_the_deadline(
    collection_graph: Graph, desk: Desk
) -> None:
    # given a penalty and a license entered without an end date, and an inspection
    penalty = (await create(collection_graph, desk, publicationEndDate=None))["record"]
    license_ = (await create(collection_graph, desk, RecordKind.LICENSE, publicationEndDate=None))[
        "record"
    ]
    inspection = (await create(collection_graph, desk, RecordKind.INSPECTION))["record"]
    deadline = add_working_days(DECIDED, 7)
    # then the penalty is published for three years, the license until its validity ends
    rules = await collection_graph.data(RULES, {"id": penalty["id"]}, viewer=desk.clerk())
    assert rules["node"] == {
        "publicationEndDate": DECIDED.replace(year=DECIDED.year + 3).isoformat(),
        "publicationDeadline": deadline.isoformat(),
        "publishedWithinDeadline": None,
    }
    rules = await collection_graph.data(RULES, {"id": license_["id"]}, viewer=desk.clerk())
    assert rules["node"]["publicationEndDate"] == KIND_FIELDS[RecordKind.LICENSE]["validTo"]
    rules = await collection_graph.data(RULES, {"id": inspection["id"]}, viewer=desk.clerk())
    assert rules["node"]["publicationDeadline"] is None
    assert rules["node"]["publishedWithinDeadline"] is None
    # when the penalty is published today (three days after the decision)
    await collection_graph.data(PUBLISH, {"id": penalty["id"], "version": 1}, viewer=desk.clerk())
    # then it was on time
    rules = await collection_graph.data(RULES, {"id": penalty["id"]}, viewer=desk.clerk())
    assert rules["node"]["publishedWithinDeadline"] is True


async def test_a_late_publication_is_reported_not_refused(
    collection_graph: Graph, desk: Desk
) -> None:
    # given a penalty decided two months ago, still a draft
    decided = (DECIDED - timedelta(days=60)).isoformat()
    late = (await create(collection_graph, desk, decisionDate=decided))["record"]
    rules = await collection_graph.data(RULES, {"id": late["id"]}, viewer=desk.clerk())
    assert rules["node"]["publishedWithinDeadline"] is False
    # when it is published, it is published, and stays marked late
    data = await collection_graph.data(
        PUBLISH, {"id": late["id"], "version": 1}, viewer=desk.clerk()
    )
    assert data["result"]["record"]["status"] == "PUBLISHED"
    rules = await collection_graph.data(RULES, {"id": late["id"]}, viewer=desk.clerk())
    assert rules["node"]["publishedWithinDeadline"] is False
