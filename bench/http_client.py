"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for the load generator.

The load generator shares the machine's cores with the server and PostgreSQL, so what it spends
per request is taken from the server. httpx costs about 3-4 ms of CPU per request here (most of
a core at 250 req/s); this client, one connection per worker and no pool to manage, costs a
small fraction of that. It speaks just enough HTTP for `POST /graphql` to our own server:
Content-Length or chunked responses, keep-alive, reconnect after `Connection: close` or a
failure. `--client httpx` in graphql_load.py runs the same load through httpx instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Final

MAX_HEAD: Final = 64 * 1024


class HttpError(Exception):
    """The response could not be read as HTTP/1.1."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


class Connection:
    """One keep-alive connection to `host:port`, opened on first use and after failures;
    a request that takes longer than `seconds` raises TimeoutError."""

    def __init__(self, host: str, port: int, *, headers: dict[str, str], seconds: float) -> None:
        self.host = host
        self.port = port
        self.seconds = seconds
        fixed = {"host": f"{host}:{port}", **headers}
        self._head = "".join(f"{name}: {value}\r\n" for name, value in fixed.items()).encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> Response:
        try:
            async with asyncio.timeout(self.seconds):
                return await self._post(path, body)
        except BaseException:
            # A half-read response must not be mistaken for the next one.
            await self.close()
            raise

    async def _post(self, path: str, body: bytes) -> Response:
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(
                self.host, self.port, limit=MAX_HEAD
            )
        reader, writer = self._reader, self._writer
        assert reader is not None
        writer.write(
            b"POST %s HTTP/1.1\r\n%scontent-length: %d\r\n\r\n%s"
            % (path.encode(), self._head, len(body), body)
        )
        await writer.drain()
        status, headers = parse_head(await reader.readuntil(b"\r\n\r\n"))
        if "content-length" in headers:
            payload = await reader.readexactly(int(headers["content-length"]))
        elif "chunked" in headers.get("transfer-encoding", ""):
            payload = await read_chunked(reader)
        else:
            payload = await reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status=status, body=payload)

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise HttpError(f"not an HTTP/1.x status line: {lines[0][:100]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            # Trailers, if any, end with an empty line.
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)
