"""Serving stand-ins over real HTTP: in a thread with its own event loop (tests), or all
all of them from the command line (`python -m stand_ins serve`)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette

from stand_ins import (
    complaint_feed,
    credit_publicity,
    enterprise_info,
    national_credit,
    national_receiver,
)

logger = logging.getLogger("stand_ins")

APPS = {
    "national_credit": national_credit.create_app,
    "credit_publicity": credit_publicity.create_app,
    "complaint_feed": complaint_feed.create_app,
    "national_receiver": national_receiver.create_app,
    "enterprise_info": enterprise_info.create_app,
}


@dataclass
class RunningStandIn:
    name: str
    app: Starlette
    server: uvicorn.Server
    thread: threading.Thread
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def control(self, **settings: float) -> dict[str, object]:
        """Inject latency/failures over HTTP, as any client of the stand-in would."""
        async with httpx.AsyncClient(base_url=self.url) as client:
            response = await client.post("/_control", json=settings)
        response.raise_for_status()
        result: dict[str, object] = response.json()
        return result

    async def reset(self) -> None:
        async with httpx.AsyncClient(base_url=self.url) as client:
            (await client.post("/_control/reset")).raise_for_status()

    def requests(self, path: str) -> int:
        return int(self.app.state.faults.requests[path])

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _config(app: Starlette, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app, lifespan="off", ws="none", log_level=log_level, access_log=False, http="h11"
    )


def run_in_thread(name: str, app: Starlette, *, port: int = 0) -> RunningStandIn:
    """Serve `app` on 127.0.0.1:`port` (0: a free port) in a thread of its own; returns
    once it accepts connections."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    server = uvicorn.Server(_config(app, "warning"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"stand-in {name}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"stand-in {name} did not start")
        time.sleep(0.01)
    port = sock.getsockname()[1]
    logger.info("stand-in %s (not the real system) on http://127.0.0.1:%d", name, port)
    return RunningStandIn(name=name, app=app, server=server, thread=thread, port=port)
