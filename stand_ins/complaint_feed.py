"""STAND-IN for the national complaint feed (国家"互联网+监管"系统 投诉): a paged list of
complaints, derived from a fixed seed. Not the real feed.

    GET /complaints?page=1&page_size=20
        → {"page", "pageSize", "total", "items": [{id, receivedAt, subjectUscc, subjectName,
           channel, summary}]}
"""

from __future__ import annotations

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
SUMMARIES = (
    "购买的商品存在质量问题，商家拒绝退换",
    "预付卡消费后商家停业，余额无法退还",
    "网购商品与宣传不符",
    "餐饮店卫生状况差",
    "价格标示不清，结算时加价",
)
START = datetime(2026, 1, 1, tzinfo=UTC)


def complaint(number: int) -> dict[str, Any]:
    value = digest("complaint", str(number))
    return {
        "id": f"TS{2026_0000_0000 + number}",
        "receivedAt": (START + timedelta(minutes=number * 97)).isoformat(),
        "subjectUscc": None,
        "subjectName": f"被投诉主体{value % 1000:03d}",
        "channel": pick(value >> 8, CHANNELS),
        "summary": pick(value >> 16, SUMMARIES),
    }


async def complaints(request: Request) -> Response:
    try:
        page = int(request.query_params.get("page", "1"))
        page_size = int(request.query_params.get("page_size", "20"))
    except ValueError:
        return JSONResponse({"error": "page and page_size are integers"}, status_code=400)
    if page < 1 or not 1 <= page_size <= 100:
        return JSONResponse({"error": "page >= 1, 1 <= page_size <= 100"}, status_code=400)
    first = (page - 1) * page_size
    items = [complaint(n) for n in range(first, min(first + page_size, TOTAL))]
    return JSONResponse({"page": page, "pageSize": page_size, "total": TOTAL, "items": items})


def create_app() -> Starlette:
    return with_control(NAME, [Route("/complaints", complaints, methods=["GET"])])
