"""At most one password-checking mutation per request, however the document spells it."""

from __future__ import annotations

import pytest

from hub.demo import DEMO_PASSWORD
from tests.auth.conftest import HubFactory

CREDENTIALS = f'account: "2101002310006", password: "{DEMO_PASSWORD}"'

TWO_LOGINS = {
    "aliases": f"mutation {{ a: login({CREDENTIALS}) {{ __typename }} "
    f"b: login({CREDENTIALS}) {{ __typename }} }}",
    "the same field twice": f"mutation {{ login({CREDENTIALS}) {{ __typename }} "
    f"login({CREDENTIALS}) {{ __typename }} }}",
    "fragments": f"""
        mutation {{ ...First ...Second }}
        fragment First on Mutation {{ login({CREDENTIALS}) {{ __typename }} }}
        fragment Second on Mutation {{ again: login({CREDENTIALS}) {{ __typename }} }}
    """,
    "one fragment spread twice": f"""
        mutation {{ ...Login  ... on Mutation {{ ...Login }} }}
        fragment Login on Mutation {{ login({CREDENTIALS}) {{ __typename }} }}
    """,
    "nested fragments": f"""
        mutation {{ ...Outer }}
        fragment Outer on Mutation {{ ...Inner x: login({CREDENTIALS}) {{ __typename }} }}
        fragment Inner on Mutation {{ login({CREDENTIALS}) {{ __typename }} }}
    """,
    "inline fragments": f"""
        mutation {{
          ... on Mutation {{ a: login({CREDENTIALS}) {{ __typename }} }}
          ... @include(if: true) {{ b: login({CREDENTIALS}) {{ __typename }} }}
        }}
    """,
    "login and changePassword": f"""
        mutation {{
          login({CREDENTIALS}) {{ __typename }}
          changePassword(currentPassword: "a", newPassword: "b") {{ __typename }}
        }}
    """,
}


@pytest.mark.parametrize("document", TWO_LOGINS.values(), ids=TWO_LOGINS.keys())
async def test_two_logins_in_one_request_are_refused_before_any_hash(
    make_hub: HubFactory, document: str
) -> None:
    hub = await make_hub()
    for _ in range(2):  # the second time from the document cache
        response = await hub.client.post("/graphql", json={"query": document})
        assert response.status_code == 400
        body = response.json()
        assert "data" not in body
        assert [error["extensions"]["code"] for error in body["errors"]] == ["TOO_MANY_LOGINS"]
        assert "每个请求最多一次" in body["errors"][0]["message"]
    assert hub.verifier.calls == 0


async def test_one_login_through_a_fragment_is_fine(make_hub: HubFactory) -> None:
    hub = await make_hub()
    document = f"""
        mutation {{ ...Login }}
        fragment Login on Mutation {{ login({CREDENTIALS}) {{ __typename }} }}
    """
    response = await hub.client.post("/graphql", json={"query": document})
    assert response.status_code == 200
    assert response.json() == {"data": {"login": {"__typename": "LoginPayload"}}}


async def test_a_batch_of_operations_is_not_accepted(make_hub: HubFactory) -> None:
    hub = await make_hub()
    login = f"mutation {{ login({CREDENTIALS}) {{ __typename }} }}"
    response = await hub.client.post("/graphql", json=[{"query": login}, {"query": login}])
    assert response.status_code == 400
    assert hub.verifier.calls == 0
