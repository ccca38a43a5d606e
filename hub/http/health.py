"""Liveness (`/healthz`) and readiness (`/readyz`) probes."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Final

import orjson
from sqlalchemy import text
from starlette.responses import Response
from starlette.routing import Route

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine
    from starlette.requests import Request

logger = logging.getLogger("hub.http")

DEFAULT_READINESS_TIMEOUT: Final = 2.0
_OK: Final = orjson.dumps({"status": "ok"})


def _json(payload: bytes, status: int = 200) -> Response:
    return Response(
        payload,
        status_code=status,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


async def healthz(_request: Request) -> Response:
    """The process is alive and serving requests."""
    return _json(_OK)


async def check_database(engine: AsyncEngine, seconds: float, *, detailed: bool) -> str | None:
    """None when `SELECT 1` succeeds within `seconds`, else the reason.

    Without `detailed`, the reason names the exception class only: driver messages
    can carry host names, users or SQL.
    """
    try:
        async with asyncio.timeout(seconds):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except TimeoutError:
        logger.warning("就绪检查：数据库在 %s 秒内无响应", seconds)
        return f"数据库在 {seconds:g} 秒内无响应"
    except Exception as error:
        logger.warning("就绪检查：数据库不可达", exc_info=True)
        reason = f"数据库不可达（{type(error).__name__}）"
        return f"{reason}：{error}" if detailed else reason
    return None


def health_routes(
    engine: AsyncEngine | None,
    *,
    detailed: bool,
    timeout: float = DEFAULT_READINESS_TIMEOUT,
) -> list[Route]:
    async def readyz(_request: Request) -> Response:
        """Ready to serve: the database answers (when there is one)."""
        if engine is None:
            return _json(_OK)
        reason = await check_database(engine, timeout, detailed=detailed)
        if reason is None:
            return _json(_OK)
        return _json(orjson.dumps({"status": "unavailable", "reason": reason}), 503)

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]


__all__ = ["DEFAULT_READINESS_TIMEOUT", "check_database", "health_routes", "healthz"]
