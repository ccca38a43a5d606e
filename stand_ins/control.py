"""Latency and failure injection, and request counting, shared by every stand-in."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

CONTROL_PATH = "/_control"


@dataclass
class Faults:
    latency_ms: float = 0.0
    fail_rate: float = 0.0  # 0..1: share of requests answered with `status`
    status: int = 503
    fail_next: int = 0  # the next N requests fail, whatever the rate
    requests: Counter[str] = field(default_factory=Counter)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    # Last Authorization header seen, so tests can check credentials reached the stand-in.
    last_authorization: str | None = None

    def update(self, settings: dict[str, Any]) -> None:
        self.latency_ms = float(settings.get("latency_ms", self.latency_ms))
        self.fail_rate = float(settings.get("fail_rate", self.fail_rate))
        self.status = int(settings.get("status", self.status))
        self.fail_next = int(settings.get("fail_next", self.fail_next))

    def reset(self) -> None:
        self.latency_ms = 0.0
        self.fail_rate = 0.0
        self.status = 503
        self.fail_next = 0
        self.requests.clear()
        self.last_authorization = None

    def should_fail(self) -> bool:
        if self.fail_next > 0:
            self.fail_next -= 1
            return True
        return self.fail_rate > 0 and self.rng.random() < self.fail_rate

    def report(self) -> dict[str, Any]:
        return {
            "latency_ms": self.latency_ms,
            "fail_rate": self.fail_rate,
            "status": self.status,
            "fail_next": self.fail_next,
            "requests": dict(self.requests),
            "last_authorization": self.last_authorization,
        }


class FaultMiddleware:
    """Counts each request by path, then delays and fails it as the controls say."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(CONTROL_PATH):
            await self.app(scope, receive, send)
            return
        faults = self.faults
        faults.requests[path] += 1
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                faults.last_authorization = value.decode("latin-1")
        if faults.latency_ms > 0:
            await asyncio.sleep(faults.latency_ms / 1000.0)
        if faults.should_fail():
            response = JSONResponse(
                {"error": "stand-in: injected failure"}, status_code=faults.status
            )
            await response(scope, receive, send)
            return
        # The caller may give up (its deadline passed while we were "slow"): not an error.
        with contextlib.suppress(ClientDisconnect):
            await self.app(scope, receive, send)


def with_control(name: str, routes: list[BaseRoute]) -> Starlette:
    """A stand-in app: its routes plus `/_control`, behind the fault middleware."""
    faults = Faults()

    async def control(request: Request) -> Response:
        if request.method == "POST":
            faults.update(await request.json())
        return JSONResponse({"stand_in": name, **faults.report()})

    async def reset(_request: Request) -> Response:
        faults.reset()
        return JSONResponse({"stand_in": name, **faults.report()})

    app = Starlette(
        routes=[
            *routes,
            Route(CONTROL_PATH, control, methods=["GET", "POST"]),
            Route(f"{CONTROL_PATH}/reset", reset, methods=["POST"]),
        ]
    )
    app.add_middleware(FaultMiddleware, faults=faults)
    app.state.faults = faults
    app.state.stand_in = name
    return app
