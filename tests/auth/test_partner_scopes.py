"""A partner token does only what its OAuth2 scopes grant: records:write submits,
records:read reads back."""

from __future__ import annotations

from hub.demo import DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET
from tests.auth.conftest import Hub, HubFactory

SUBMIT_NOTHING = "mutation { submitRecords(records: []) { __typename } }"
READ_BACK = "{ partnerSubmissions(first: 1) { totalCount } }"


async def _token(make_hub: HubFactory, scope: str) -> tuple[Hub, str]:
    hub = await make_hub()
    response = await hub.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(DEMO_PARTNER_CLIENT_ID, DEMO_PARTNER_SECRET),
    )
    assert response.status_code == 200, response.text
    return hub, response.json()["access_token"]


async def test_a_read_only_token_cannot_submit(make_hub: HubFactory) -> None:
    hub, token = await _token(make_hub, "records:read")
    response = await hub.post(SUBMIT_NOTHING, token=token)
    codes = [error["extensions"]["code"] for error in response.json()["errors"]]
    assert codes == ["FORBIDDEN"]


async def test_a_write_only_token_reads_nothing_back(make_hub: HubFactory) -> None:
    hub, token = await _token(make_hub, "records:write")
    data = await hub.data(READ_BACK, token=token)
    assert data["partnerSubmissions"]["totalCount"] == 0
