"""The STAND-IN complaint feed's result receiver: what the lead's `hub push` worker posts
there is kept once per Idempotency-Key, and can be read back."""

from __future__ import annotations

import httpx

from stand_ins.server import RunningStandIn


async def test_results_are_stored_once_per_idempotency_key(feed_stand_in: RunningStandIn) -> None:
    payload = {"externalId": "TS-X-1", "outcome": "SUBSTANTIATED", "result": "属实"}
    key = "COMPLAINT_RESULT:complaint:TS-X-1:1"
    async with httpx.AsyncClient(base_url=feed_stand_in.url) as client:
        missing = await client.post("/complaint-results", json=payload)
        first = await client.post(
            "/complaint-results", json=payload, headers={"Idempotency-Key": key}
        )
        again = await client.post(
            "/complaint-results", json=payload, headers={"Idempotency-Key": key}
        )
        stored = (await client.get("/complaint-results")).json()["results"]
    assert missing.status_code == 400
    assert (first.status_code, first.json()["duplicate"]) == (201, False)
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    mine = [r for r in stored if r["idempotencyKey"] == key]
    assert len(mine) == 1
    assert mine[0]["payload"] == payload


async def test_the_feed_pages_by_cursor(feed_stand_in: RunningStandIn) -> None:
    async with httpx.AsyncClient(base_url=feed_stand_in.url) as client:
        await client.post("/_feed", json={"generate": 3})
        everything = (await client.get("/complaints", params={"since": 0, "limit": 100})).json()
        last = everything["items"][-1]["sequence"]
        after = (await client.get("/complaints", params={"since": last, "limit": 10})).json()
        bad = await client.get("/complaints", params={"since": -1})
    assert after == {"items": [], "next": str(last), "hasMore": False}
    assert bad.status_code == 400
