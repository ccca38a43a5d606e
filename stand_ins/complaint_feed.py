"""STAND-IN for the national complaint feed (国家"互联网+监管"系统 投诉) and its result
receiver. Not the real feed: its complaints are derived from a fixed seed, or published to
it by hand (a developer, a test), and it keeps what it receives in memory.

    GET  /complaints?since=<cursor>&limit=50
         → {"items": [...], "next": "<cursor>", "hasMore": bool}   items after the cursor
    GET  /complaints?page=1&page_size=20
         → {"page", "pageSize", "total", "items": [...]}          the older paged form
         item: {id, sequence, receivedAt, category, channel, subjectUscc, subjectName,
                regionCode, summary, content, complainantName, complainantPhone}
    POST /complaints {item fields}       a complaint arrives (stand-in only; id and
                                         sequence are assigned when missing)
    POST /_feed {"generate": n}          n more seeded complaints arrive (stand-in only)
    POST /complaint-results              a handling result; header Idempotency-Key required:
                                         the same key again is acknowledged, not stored twice
    GET  /complaint-results              → {"results": [{idempotencyKey, receivedAt, payload}]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stand_ins.control import with_control
from stand_ins.derive import digest, pick

NAME = "complaint-feed (stand-in)"
TOTAL = 250
CHANNELS = ("12315热线", "全国12315平台", "信件", "来访")
# (category, summary)
TOPICS = (
    ("产品质量", "购买的商品存在质量问题，商家拒绝退换"),
    ("预付式消费", "预付卡消费后商家停业，余额无法退还"),
    ("虚假宣传", "网购商品与宣传不符"),
    ("食品安全", "餐饮店卫生状况差"),
    ("价格", "价格标示不清，结算时加价"),
)
REGIONS = ("210102", "210103", "210104", "210202", "210203", "210302", "210100", "210200")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄")
GIVEN_NAMES = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳")
START = datetime(2026, 1, 1, tzinfo=UTC)
MAX_LIMIT = 100


def complaint(number: int) -> dict[str, Any]:
    """The seeded complaint `number` (0-based): the same number, the same complaint."""
    value = digest("complaint", str(number))
    category, summary = TOPICS[(value >> 16) % len(TOPICS)]
    return {
        "id": f"TS{2026_0000_0000 + number}",
        "receivedAt": (START + timedelta(minutes=number * 97)).isoformat(),
        "category": category,
        "channel": pick(value >> 8, CHANNELS),
        "subjectUscc": None,
        "subjectName": f"被投诉主体{value % 1000:03d}",
        "regionCode": pick(value >> 24, REGIONS),
        "summary": summary,
        "content": f"投诉人称：{summary}，要求依法处理。",
        "complainantName": pick(value >> 32, SURNAMES) + pick(value >> 40, GIVEN_NAMES),
        "complainantPhone": f"1390000{value % 10000:04d}",
    }


@dataclass
class Feed:
    """The complaints the stand-in holds, in arrival order; a complaint's cursor is its
    1-based position (`sequence`), so "since" means "after that one"."""

    items: list[dict[str, Any]] = field(default_factory=list)
    generated: int = 0
    results: dict[str, dict[str, Any]] = field(default_factory=dict)

    def generate(self, count: int) -> None:
        for _ in range(count):
            self.add(complaint(self.generated))
            self.generated += 1

    def add(self, item: dict[str, Any]) -> dict[str, Any]:
        sequence = len(self.items) + 1
        stored = {
            **item,
            "id": str(item.get("id") or f"TSX{sequence:08d}"),
            "sequence": sequence,
        }
        stored.setdefault("receivedAt", datetime.now(UTC).isoformat())
        self.items.append(stored)
        return stored

    def after(self, since: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
        items = self.items[since : since + limit]
        return items, since + limit < len(self.items)


def _integer(request: Request, name: str, default: int) -> int:
    return int(request.query_params.get(name, str(default)))


def create_app(total: int = TOTAL) -> Starlette:
    feed = Feed()
    feed.generate(total)

    async def complaints(request: Request) -> Response:
        if "page" in request.query_params or "since" not in request.query_params:
            return _paged(request, feed)
        try:
            since = int(request.query_params["since"] or "0")
            limit = _integer(request, "limit", 50)
        except ValueError:
            return JSONResponse({"error": "since and limit are integers"}, status_code=400)
        if since < 0 or not 1 <= limit <= MAX_LIMIT:
            return JSONResponse({"error": f"since >= 0, 1 <= limit <= {MAX_LIMIT}"}, 400)
        items, more = feed.after(since, limit)
        cursor = items[-1]["sequence"] if items else since
        return JSONResponse({"items": items, "next": str(cursor), "hasMore": more})

    async def publish(request: Request) -> Response:
        body = await request.json()
        if not isinstance(body, dict) or (not body.get("subjectName") and not body.get("summary")):
            return JSONResponse({"error": "a complaint object with a summary"}, status_code=400)
        return JSONResponse(feed.add(body), status_code=201)

    async def control_feed(request: Request) -> Response:
        body = await request.json()
        count = body.get("generate", 0) if isinstance(body, dict) else 0
        if not isinstance(count, int) or not 0 <= count <= 10_000:
            return JSONResponse({"error": "generate: 0..10000"}, status_code=400)
        feed.generate(count)
        return JSONResponse({"stand_in": NAME, "complaints": len(feed.items)})

    async def receive_result(request: Request) -> Response:
        key = request.headers.get("idempotency-key")
        if not key:
            return JSONResponse({"error": "the Idempotency-Key header is required"}, 400)
        try:
            payload = await request.json()
        except ValueError:
            return JSONResponse({"error": "the body is JSON"}, status_code=400)
        if key in feed.results:
            return JSONResponse({"idempotencyKey": key, "duplicate": True}, status_code=200)
        feed.results[key] = {
            "idempotencyKey": key,
            "receivedAt": datetime.now(UTC).isoformat(),
            "payload": payload,
        }
        return JSONResponse({"idempotencyKey": key, "duplicate": False}, status_code=201)

    async def list_results(_request: Request) -> Response:
        return JSONResponse({"results": list(feed.results.values())})

    app = with_control(
        NAME,
        [
            Route("/complaints", complaints, methods=["GET"]),
            Route("/complaints", publish, methods=["POST"]),
            Route("/_feed", control_feed, methods=["POST"]),
            Route("/complaint-results", receive_result, methods=["POST"]),
            Route("/complaint-results", list_results, methods=["GET"]),
        ],
    )
    app.state.feed = feed
    return app


def _paged(request: Request, feed: Feed) -> Response:
    try:
        page = _integer(request, "page", 1)
        page_size = _integer(request, "page_size", 20)
    except ValueError:
        return JSONResponse({"error": "page and page_size are integers"}, status_code=400)
    if page < 1 or not 1 <= page_size <= MAX_LIMIT:
        return JSONResponse({"error": "page >= 1, 1 <= page_size <= 100"}, status_code=400)
    first = (page - 1) * page_size
    items = feed.items[first : first + page_size]
    return JSONResponse(
        {"page": page, "pageSize": page_size, "total": len(feed.items), "items": items}
    )
