"""MarketEntity.credit combines the stored hub evaluation with the national evaluation
read live from the national credit connector; a failing partner costs only the national
part (null, with its PARTNER_* error at its path) and the overall grade says so."""

from __future__ import annotations

from typing import Any

from hub.auth.viewer import Viewer
from hub.demo import DemoSummary
from stand_ins.national_credit import evaluation
from tests.connectors.partner_support import MakeRegistry, PartnerGraph, StandIns

CREDIT_PAGE = """
query Page($first: Int!) {
  entities(first: $first, orderBy: USCC_ASC) {
    edges { node {
      uscc
      credit {
        grade basis
        hub { grade ruleSetVersion contributions { measure points } }
        national { grade score evaluatedAt live connector origin }
      }
    } }
  }
}
"""
WORSE = {"A": 0, "B": 1, "C": 2, "D": 3}


def credits(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(e["node"]["uscc"], e["node"]["credit"]) for e in data["entities"]["edges"]]


async def test_the_overall_grade_is_the_worse_of_hub_and_national(
    partner_graph: PartnerGraph,
    make_registry: MakeRegistry,
    stand_ins: StandIns,
    staff: Viewer,
    demo_data: DemoSummary,
) -> None:
    # given the national credit connector pointed at its stand-in
    partner_graph.partners = make_registry()
    # when staff read the credit of a page of entities
    data = await partner_graph.data(CREDIT_PAGE, {"first": 30}, viewer=staff)
    # then the national part was fetched live, in one call for the page
    assert stand_ins["national_credit"].requests("/credit/batch") == 1
    both = 0
    for uscc, credit in credits(data):
        national, hub = evaluation(uscc), credit["hub"]
        assert hub is not None
        assert hub["ruleSetVersion"] is not None
        assert hub["contributions"]
        if national is None:
            assert credit["national"] is None
            assert credit["basis"] == "HUB_ONLY"
            assert credit["grade"] == hub["grade"]
            continue
        both += 1
        assert credit["national"]["grade"] == national["grade"]
        assert credit["national"]["live"] is True
        assert credit["national"]["connector"] == "national_credit"
        assert credit["basis"] == "BOTH"
        worse = max(hub["grade"], national["grade"], key=WORSE.__getitem__)
        assert credit["grade"] == worse
    assert both > 0


async def test_a_failing_national_platform_leaves_the_hub_part(
    partner_graph: PartnerGraph,
    make_registry: MakeRegistry,
    stand_ins: StandIns,
    staff: Viewer,
    demo_data: DemoSummary,
) -> None:
    # given a national platform that fails every call (and no retries)
    partner_graph.partners = make_registry(attempts=1)
    await stand_ins["national_credit"].control(fail_rate=1.0, status=503)
    # when staff read the credit of a page
    result = await partner_graph.execute(CREDIT_PAGE, {"first": 5}, viewer=staff)
    # then each national part is null with PARTNER_UNAVAILABLE at its own path
    assert result.data is not None
    assert result.errors
    paths = {tuple(e.path or ()) for e in result.errors}
    codes = {(e.extensions or {}).get("code") for e in result.errors}
    assert codes == {"PARTNER_UNAVAILABLE"}
    assert paths == {("entities", "edges", i, "node", "credit", "national") for i in range(5)}
    # and the hub part still answers, and the overall grade is the hub's
    for _uscc, credit in credits(result.data):
        assert credit["national"] is None
        assert credit["hub"]["grade"] in WORSE
        assert credit["basis"] == "HUB_ONLY"
        assert credit["grade"] == credit["hub"]["grade"]


async def test_the_public_sees_no_credit(
    partner_graph: PartnerGraph, make_registry: MakeRegistry, demo_data: DemoSummary
) -> None:
    # 信用风险分类结果 are used inside supervision and not published (DOMAIN.md: the public
    # reads what was published)
    partner_graph.partners = make_registry()
    result = await partner_graph.execute(CREDIT_PAGE, {"first": 3})
    assert result.data is not None
    assert all(credit is None for _uscc, credit in credits(result.data))
    assert {(e.extensions or {}).get("code") for e in result.errors or []} == {"FORBIDDEN"}
