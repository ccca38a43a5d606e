"""STAND-IN for the national receivers the hub pushes to (信用中国 / 国家企业信用信息公示系统
style 双公示 exchange, and the registration side of 证照联动). Not the real systems.

It keeps what it was sent in memory and is idempotent the way the real receivers are
expected to be: by subject and version, taken from the `Idempotency-Key` header
(`<topic>:<subject>:<version>`, e.g. `RECORD:record:42:3`).

    POST /records | /complaint-results | /linkage-feedback   (JSON body, Idempotency-Key)
        → 201 {"status": "stored"}     a new subject, or a newer version of a known one
        → 200 {"status": "duplicate"}  the same key again (a redelivery)
        → 200 {"status": "stale"}      an older version than the one held (out of order)
        → 400 when the key or the body is missing or malformed
    GET /received/{collection}
        → {"items": [{"key", "subject", "version", "payload", "deliveries"}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from stand_ins.control import with_control

NAME = "national-receiver (stand-in)"
COLLECTIONS = ("records", "complaint-results", "linkage-feedback")


@dataclass
class Held:
    key: str
    subject: str
    version: int
    payload: Any
    deliveries: int = 1


@dataclass
class Received:
    # collection → subject → the latest version held
    subjects: dict[str, dict[str, Held]] = field(default_factory=dict)

    def accept(self, collection: str, key: str, payload: Any) -> tuple[int, str]:
        subject, version = parse_key(key)
        held_by_subject = self.subjects.setdefault(collection, {})
        held = held_by_subject.get(subject)
        if held is not None and held.version == version:
            held.deliveries += 1
            return 200, "duplicate"
        if held is not None and held.version > version:
            return 200, "stale"
        held_by_subject[subject] = Held(key, subject, version, payload)
        return 201, "stored"


def parse_key(key: str) -> tuple[str, int]:
    """`TOPIC:subject parts:version` → (subject, version); ValueError when malformed."""
    topic, _, rest = key.partition(":")
    subject, _, version = rest.rpartition(":")
    if not topic or not subject:
        raise ValueError(key)
    return subject, int(version)


def create_app() -> Starlette:
    received = Received()

    async def receive(request: Request) -> Response:
        collection = request.url.path.strip("/")
        key = request.headers.get("idempotency-key", "")
        try:
            payload = json.loads(await request.body())
            status, outcome = received.accept(collection, key, payload)
        except ValueError:
            return JSONResponse(
                {"error": "need a JSON body and Idempotency-Key: <topic>:<subject>:<version>"},
                status_code=400,
            )
        return JSONResponse({"status": outcome}, status_code=status)

    async def listing(request: Request) -> Response:
        held = received.subjects.get(request.path_params["collection"], {})
        items = [
            {
                "key": item.key,
                "subject": item.subject,
                "version": item.version,
                "payload": item.payload,
                "deliveries": item.deliveries,
            }
            for item in held.values()
        ]
        return JSONResponse({"items": items})

    app = with_control(
        NAME,
        [
            Route("/received/{collection}", listing, methods=["GET"]),
            *(Route(f"/{collection}", receive, methods=["POST"]) for collection in COLLECTIONS),
        ],
    )
    app.state.received = received
    return app
