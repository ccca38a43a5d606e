"""STAND-IN for the national enterprise credit publicity system (国家企业信用信息公示系统):
annual reports and the abnormal-operation list (经营异常名录) by USCC, derived from the
code. Not the real system.

    POST /annual-reports/batch {"usccs": [...]}
         → {"reports": [{uscc, year, submittedOn, status, employees}]}   (0-3 per code)
    POST /abnormal-operations/batch {"usccs": [...]}
         → {"entries": [{uscc, reason, listedOn, authority}]}            (one code in eight)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stand_ins.control import with_control
from stand_ins.derive import digest, pick

NAME = "credit-publicity (stand-in)"
REASONS = (
    "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
    "公示企业信息隐瞒真实情况、弄虚作假",
    "通过登记的住所或者经营场所无法联系",
    "未在责令的期限内公示有关企业信息",
)


def annual_reports(uscc: str) -> list[dict[str, Any]]:
    value = digest("annual", uscc)
    reports = []
    for offset in range(value % 4):
        year = 2024 - offset
        submitted = date(year + 1, 3, 1) + timedelta(days=(value >> (8 + offset)) % 120)
        reports.append(
            {
                "uscc": uscc,
                "year": year,
                "submittedOn": submitted.isoformat(),
                "status": "逾期报送" if submitted > date(year + 1, 6, 30) else "已公示",
                "employees": (value >> (16 + offset)) % 500,
            }
        )
    return reports


def abnormal_operation(uscc: str) -> dict[str, Any] | None:
    value = digest("abnormal", uscc)
    if value % 8 != 0:
        return None
    listed_on = date(2023, 1, 1) + timedelta(days=(value >> 8) % 900)
    return {
        "uscc": uscc,
        "reason": pick(value >> 20, REASONS),
        "listedOn": listed_on.isoformat(),
        "authority": "市场监督管理局",
    }


async def _usccs(request: Request) -> list[str] | None:
    body = await request.json()
    usccs = body.get("usccs") if isinstance(body, dict) else None
    if not isinstance(usccs, list) or len(usccs) > 500:
        return None
    return [str(uscc) for uscc in usccs]


async def reports_batch(request: Request) -> Response:
    usccs = await _usccs(request)
    if usccs is None:
        return JSONResponse({"error": "usccs: a list of at most 500 codes"}, status_code=400)
    return JSONResponse({"reports": [r for uscc in usccs for r in annual_reports(uscc)]})


async def abnormal_batch(request: Request) -> Response:
    usccs = await _usccs(request)
    if usccs is None:
        return JSONResponse({"error": "usccs: a list of at most 500 codes"}, status_code=400)
    entries = [found for uscc in usccs if (found := abnormal_operation(uscc)) is not None]
    return JSONResponse({"entries": entries})


def create_app() -> Starlette:
    return with_control(
        NAME,
        [
            Route("/annual-reports/batch", reports_batch, methods=["POST"]),
            Route("/abnormal-operations/batch", abnormal_batch, methods=["POST"]),
        ],
    )
