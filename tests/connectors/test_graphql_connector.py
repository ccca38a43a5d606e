"""The connector framework's `graphql` kind against a GraphQL stand-in over real HTTP: a
batch of keys is one query with a list argument, answers are mapped to graph fields, and
failures become PARTNER_* codes."""

from __future__ import annotations

from connectors import PartnerError, PartnerTimeoutError
from hub.domain.uscc import check_character
from hub.loaders.partners import PartnerDataByKeyLoader
from stand_ins.enterprise_info import enterprise
from tests.connectors.partner_support import MakeRegistry, StandIns

GRAPHQL = "/graphql"


def usccs(count: int) -> list[str]:
    codes = []
    for serial in range(count):
        first_seventeen = f"91210102{700_000_000 + serial:09d}"
        codes.append(first_seventeen + check_character(first_seventeen))
    return codes


def graphql_toml(stand_ins: StandIns, *, timeout_seconds: float = 2.0, attempts: int = 1) -> str:
    url = stand_ins["enterprise_info"].url
    return f'''
[connectors.enterprise_info]
kind = "graphql"
base_url = "{url}/graphql"
timeout_seconds = {timeout_seconds}
retry = {{ attempts = {attempts}, backoff_seconds = 0.01 }}

[connectors.enterprise_info.datasets.enterprise_info]
query = """
query Enterprises($keys: [String!]!) {{
  enterprises(usccs: $keys) {{
    uscc name status registeredCapital registrationAuthority {{ regionCode }}
  }}
}}
"""
results = "data.enterprises"
key = "uscc"
batch_size = 50
cache_ttl_seconds = 60
fields.name = "name"
fields.status = "status"
fields.capital = "registeredCapital"
fields.region = "registrationAuthority.regionCode"
'''


async def test_fifty_keys_are_one_graphql_query_with_a_list_argument(
    make_registry: MakeRegistry, stand_ins: StandIns
) -> None:
    # given the graphql connector pointed at the stand-in
    registry = make_registry(graphql_toml(stand_ins))
    keys = usccs(50)
    # when fifty codes are fetched through the per-request loader
    loader = PartnerDataByKeyLoader(registry, "enterprise_info")
    answers = await loader.load_many(keys)
    # then the stand-in received one query
    assert stand_ins["enterprise_info"].requests(GRAPHQL) == 1
    # and every answer is the stand-in's item, mapped to the configured graph fields
    for key, answer in zip(keys, answers, strict=True):
        expected = enterprise(key)
        if expected is None:
            assert answer is None
            continue
        assert answer == {
            "name": expected["name"],
            "status": expected["status"],
            "capital": expected["registeredCapital"],
            "region": expected["registrationAuthority"]["regionCode"],
        }
    assert any(answer is None for answer in answers)
    # and a second request is served from the connector's cache
    again = await PartnerDataByKeyLoader(registry, "enterprise_info").load_many(keys)
    assert again == answers
    assert stand_ins["enterprise_info"].requests(GRAPHQL) == 1


async def test_a_graphql_error_is_partner_unavailable(
    make_registry: MakeRegistry, stand_ins: StandIns
) -> None:
    # given a batch larger than the stand-in accepts (a GraphQL error, HTTP 200)
    registry = make_registry(graphql_toml(stand_ins).replace("batch_size = 50", "batch_size = 150"))
    answers = await registry.fetch("enterprise_info", usccs(120))
    # then every key carries the partner error, mapped by the loader to PARTNER_UNAVAILABLE
    assert all(isinstance(answer, PartnerError) for answer in answers)
    assert not any(isinstance(answer, PartnerTimeoutError) for answer in answers)
    loader = PartnerDataByKeyLoader(registry, "enterprise_info")
    errors = await loader.batch_load_fn(usccs(120))
    assert {error.extensions["code"] for error in errors} == {"PARTNER_UNAVAILABLE"}
    assert {error.extensions["connector"] for error in errors} == {"enterprise_info"}


async def test_http_failures_and_slowness_map_to_partner_codes(
    make_registry: MakeRegistry, stand_ins: StandIns
) -> None:
    stand_in = stand_ins["enterprise_info"]
    # a 503 (no retry configured): PARTNER_UNAVAILABLE
    await stand_in.control(fail_next=1, status=503)
    failing = make_registry(graphql_toml(stand_ins))
    [error] = await PartnerDataByKeyLoader(failing, "enterprise_info").batch_load_fn(usccs(1))
    assert error.extensions["code"] == "PARTNER_UNAVAILABLE"
    # slower than the deadline: PARTNER_TIMEOUT
    await stand_in.control(latency_ms=500)
    slow = make_registry(graphql_toml(stand_ins, timeout_seconds=0.1))
    [error] = await PartnerDataByKeyLoader(slow, "enterprise_info").batch_load_fn(usccs(1))
    assert error.extensions["code"] == "PARTNER_TIMEOUT"
