"""STAND-IN for the national credit platform (国家"互联网+监管"系统 credit evaluations):
credit evaluation results by USCC, derived from the code. Not the real platform.

    POST /credit/batch {"usccs": [...]}  → {"results": [{uscc, grade, score, evaluatedAt}]}
    GET  /credit/{uscc}                  → one result, or 404 when not evaluated

About one code in ten has no evaluation and is absent from the results.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stand_ins.control import with_control
from stand_ins.derive import digest

NAME = "national-credit (stand-in)"
GRADES = (("A", 90), ("B", 75), ("C", 60), ("D", 40))
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def evaluation(uscc: str) -> dict[str, Any] | None:
    value = digest("credit", uscc)
    if value % 10 == 0:
        return None
    grade, floor = GRADES[(value >> 8) % len(GRADES)]
    score = floor + (value >> 16) % 10 + ((value >> 24) % 10) / 10
    evaluated_at = EPOCH + timedelta(minutes=(value >> 32) % (365 * 24 * 60))
    return {
        "uscc": uscc,
        "grade": grade,
        "score": round(score, 1),
        "evaluatedAt": evaluated_at.isoformat(),
    }


async def batch(request: Request) -> Response:
    body = await request.json()
    usccs = body.get("usccs") if isinstance(body, dict) else None
    if not isinstance(usccs, list) or len(usccs) > 500:
        return JSONResponse({"error": "usccs: a list of at most 500 codes"}, status_code=400)
    results = [found for uscc in usccs if (found := evaluation(str(uscc))) is not None]
    return JSONResponse({"results": results})


async def single(request: Request) -> Response:
    found = evaluation(request.path_params["uscc"])
    if found is None:
        return JSONResponse({"error": "not evaluated"}, status_code=404)
    return JSONResponse(found)


def create_app() -> Starlette:
    return with_control(
        NAME,
        [
            Route("/credit/batch", batch, methods=["POST"]),
            Route("/credit/{uscc}", single, methods=["GET"]),
        ],
    )
