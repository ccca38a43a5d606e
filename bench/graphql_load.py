"""`make bench`: the PERFORMANCE.md workloads against the real server, figures and ratios.

    .venv/bin/python -m bench.graphql_load [--seconds 10] [--concurrency 16] [--rounds 1] ...

1. Creates the PostgreSQL database (HUB_BENCH_DATABASE_URL, default `hub_bench`) if missing and
   loads the demo data with `hub demo` (idempotent).
2. Runs each workload document in-process, one request at a time: SQL statements per request
   and the CPU of the execution alone (no HTTP, no concurrency).
3. Starts `hub serve` as a subprocess (prod, log level warning) on a free port of 127.0.0.1.
4. From this process (asyncio, `concurrency` keep-alive connections), runs each workload
   for a warm-up and then `--seconds`; prints requests, errors, req/s, latency percentiles,
   SQL statements per request, CPU use, and ratios to the PERFORMANCE.md reference figures.

No figure is checked against a target; the exit status is non-zero only when a request failed
(or the setup did). The server is stopped on exit, Ctrl-C and failure alike.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol

import httpx
import orjson
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from bench.http_client import Connection
from bench.queries import WORKLOADS, SampleData, Workload

DEFAULT_DATABASE_URL: Final = "postgresql+asyncpg://postgres@127.0.0.1:5432/hub_bench"
DATABASE_URL_VARIABLE: Final = "HUB_BENCH_DATABASE_URL"
HOST: Final = "127.0.0.1"
BIN: Final = Path(sys.executable).parent
PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
READY_TIMEOUT: Final = 30.0
DEMO_TIMEOUT: Final = 600.0
REQUEST_TIMEOUT: Final = 30.0
IN_PROCESS_SAMPLES: Final = 20
ERROR_SAMPLES: Final = 5
BUSY_WARNING: Final = 0.15
CLOCK_TICKS: Final = os.sysconf("SC_CLK_TCK")


class BenchError(Exception):
    """The benchmark could not be set up or run; the message says why."""


# ---------------------------------------------------------------------------------------------
# Options


@dataclass(frozen=True)
class Options:
    database_url: str
    seconds: float
    warmup: float
    concurrency: int
    rounds: int
    sample_size: int
    seed: int
    only: tuple[str, ...]
    prepare: bool
    client: str

    @classmethod
    def parse(cls, argv: Sequence[str] | None = None) -> Options:
        parser = argparse.ArgumentParser(
            prog="python -m bench.graphql_load",
            description="GraphQL load benchmark of the hub (the PERFORMANCE.md workloads).",
        )
        parser.add_argument(
            "--database-url",
            default=os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL),
            help=f"PostgreSQL database to prepare and serve (env {DATABASE_URL_VARIABLE}; "
            f"default {DEFAULT_DATABASE_URL})",
        )
        parser.add_argument(
            "--seconds", type=float, default=10.0, help="measured seconds per workload"
        )
        parser.add_argument(
            "--warmup", type=float, default=2.0, help="warm-up seconds per workload (discarded)"
        )
        parser.add_argument("--concurrency", type=int, default=16, help="concurrent connections")
        parser.add_argument(
            "--rounds",
            type=int,
            default=1,
            help="alternate the workloads this many times; req/s is the median of the rounds",
        )
        parser.add_argument(
            "--sample-size", type=int, default=200, help="how many real USCCs to cycle through"
        )
        parser.add_argument("--seed", type=int, default=20250101, help="seed of the USCC sample")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="TEXT",
            help="run only the workloads whose name contains TEXT (repeatable)",
        )
        parser.add_argument(
            "--client",
            choices=("raw", "httpx"),
            default="raw",
            help="load generator's HTTP client: raw asyncio streams (default, cheapest) or httpx",
        )
        parser.add_argument(
            "--no-prepare",
            dest="prepare",
            action="store_false",
            help="skip creating the database and `hub demo`",
        )
        args = parser.parse_args(argv)
        if args.seconds <= 0 or args.warmup < 0:
            parser.error("--seconds must be positive and --warmup not negative")
        if args.concurrency < 1 or args.rounds < 1 or args.sample_size < 1:
            parser.error("--concurrency, --rounds and --sample-size must be at least 1")
        if make_url(args.database_url).get_backend_name() != "postgresql":
            parser.error("the benchmark database must be PostgreSQL")
        return cls(
            database_url=args.database_url,
            seconds=args.seconds,
            warmup=args.warmup,
            concurrency=args.concurrency,
            rounds=args.rounds,
            sample_size=args.sample_size,
            seed=args.seed,
            only=tuple(args.only),
            prepare=args.prepare,
            client=args.client,
        )

    def workloads(self) -> tuple[Workload, ...]:
        if not self.only:
            return WORKLOADS
        chosen = tuple(w for w in WORKLOADS if any(text in w.name for text in self.only))
        if not chosen:
            names = ", ".join(repr(w.name) for w in WORKLOADS)
            raise BenchError(f"--only matches no workload (there are {names})")
        return chosen


# ---------------------------------------------------------------------------------------------
# The database: created if missing, demo data loaded, sample keys drawn


def shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def create_database_if_missing(url: str) -> bool:
    target = make_url(url)
    name = target.database
    if not name:
        raise BenchError(f"{shown(url)} names no database")
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if exists:
                return False
            quoted = name.replace('"', '""')
            await connection.execute(text(f'CREATE DATABASE "{quoted}"'))
            return True
    finally:
        await admin.dispose()


def hub_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "HUB_DATABASE_URL": database_url,
        "HUB_ENVIRONMENT": "prod",
        "HUB_LOG_LEVEL": "warning",
        "HUB_HOST": HOST,
    }


def load_demo_data(database_url: str) -> str:
    """`hub demo` (migrates, then loads the demo set unless it is there); its last words."""
    try:
        done = subprocess.run(
            [str(BIN / "hub"), "demo"],
            env=hub_environment(database_url),
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=DEMO_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"`hub demo` did not finish within {DEMO_TIMEOUT:g} s") from error
    if done.returncode != 0:
        raise BenchError(f"`hub demo` failed ({done.returncode}):\n{tail(done.stderr)}")
    lines = [line.strip() for line in done.stderr.splitlines() if "演示数据" in line]
    return lines[-1] if lines else "done"


async def analyze(database_url: str) -> None:
    """Planner statistics for the freshly loaded tables. `hub demo` does not gather them and
    autovacuum may be off or not yet round: without them PostgreSQL plans for empty tables."""
    engine = create_async_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class DataSet:
    sample: SampleData
    entities: int
    records: int
    autovacuum: str


async def draw_sample(database_url: str, *, size: int, seed: int) -> DataSet:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            usccs = (await connection.scalars(text("SELECT uscc FROM market_entities"))).all()
            cities = (
                await connection.scalars(text("SELECT code FROM regions WHERE level = 'CITY'"))
            ).all()
            records = await connection.scalar(text("SELECT count(*) FROM supervision_records"))
            autovacuum = await connection.scalar(text("SHOW autovacuum"))
    finally:
        await engine.dispose()
    if not usccs or not cities:
        raise BenchError("the benchmark database has no market entities or cities")
    return DataSet(
        sample=SampleData.draw(usccs, cities, size=size, seed=seed),
        entities=len(usccs),
        records=int(records or 0),
        autovacuum=str(autovacuum),
    )


# ---------------------------------------------------------------------------------------------
# SQL statements per request, counted in-process (pg_stat_statements is not always loaded)


@dataclass(frozen=True)
class InProcess:
    """One workload executed against the schema in this process, one request at a time."""

    statements: float  # SQL statements per request
    cpu_ms: float  # this process's CPU per request: GraphQL execution, ORM, driver; no HTTP


async def measure_in_process(
    database_url: str, workloads: Sequence[Workload], sample: SampleData
) -> dict[str, InProcess]:
    """SQL statements and Python CPU per request of each workload, as the server runs them.

    Each document runs once to warm up (first connection, type introspection, document
    cache), then IN_PROCESS_SAMPLES times with different variables, as the public, with an
    SQLAlchemy `before_cursor_execute` counter on the engine.
    """
    from hub.auth.viewer import Viewer
    from hub.context import Context
    from hub.db import create_engine, create_read_session_factory, create_session_factory
    from hub.errors import error_code
    from hub.schema.root import build_schema
    from hub.settings import Environment, Settings

    settings = Settings(database_url=database_url, environment=Environment.PROD)
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    schema = build_schema(settings)
    read_sessions = create_read_session_factory(engine)
    write_sessions = create_session_factory(engine)
    statements = 0

    def on_execute(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    async def run(workload: Workload, number: int) -> None:
        context = Context(
            viewer=Viewer.public(),
            read_sessions=read_sessions,
            write_sessions=write_sessions,
            settings=settings,
        )
        result = await schema.execute(
            workload.document,
            variable_values=workload.variables(sample, number),
            context_value=context,
        )
        unexpected = [
            error
            for error in result.errors or ()
            if not workload.expects(error.path, error_code(error))
        ]
        if unexpected:
            raise BenchError(f"{workload.name}: the document fails in-process: {unexpected}")

    measured: dict[str, InProcess] = {}
    try:
        for workload in workloads:
            await run(workload, 0)
            event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
            try:
                statements = 0
                cpu = time.process_time()
                for number in range(1, IN_PROCESS_SAMPLES + 1):
                    await run(workload, number)
                measured[workload.name] = InProcess(
                    statements=statements / IN_PROCESS_SAMPLES,
                    cpu_ms=1000 * (time.process_time() - cpu) / IN_PROCESS_SAMPLES,
                )
            finally:
                event.remove(engine.sync_engine, "before_cursor_execute", on_execute)
    finally:
        await engine.dispose()
    return measured


# ---------------------------------------------------------------------------------------------
# The server: a real `hub serve` in a subprocess


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def tail(text_: str, lines: int = 20) -> str:
    return "\n".join(text_.rstrip().splitlines()[-lines:])


@contextlib.contextmanager
def running_server(database_url: str, log_path: Path) -> Iterator[Server]:
    port = free_port()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [str(BIN / "hub"), "serve", "--host", HOST, "--port", str(port)],
            env=hub_environment(database_url),
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own session: Ctrl-C reaches this process only, which then stops the server.
            start_new_session=True,
        )
    server = Server(process=process, base_url=f"http://{HOST}:{port}", log_path=log_path)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise BenchError(
                        f"`hub serve` exited with {self.process.returncode}:\n{self.log()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if client.get("/readyz").status_code == 200:
                        return
                time.sleep(0.1)
        raise BenchError(f"`hub serve` not ready within {READY_TIMEOUT:g} s:\n{self.log()}")

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process so far (Linux /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        # After the command name: state is field 3, utime 14 and stime 15 (1-based).
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def log(self) -> str:
        """The last lines the server wrote, without its start-up banner."""
        try:
            written = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        lines = [line for line in written.splitlines() if not line.startswith("GraphQL:")]
        return tail("\n".join(lines))

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of all cores from /proc/stat; (0, 0) where there is none."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return (0.0, 0.0)
    values = [float(value) for value in first[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0.0)  # idle + iowait
    # guest time is already counted in user/nice
    total = sum(values[:8])
    return (total - idle, total)


def machine_busy_over(seconds: float) -> float:
    """Share of all cores busy during the next `seconds` (0 where /proc/stat is missing)."""
    busy, total = machine_cpu()
    time.sleep(seconds)
    busy_after, total_after = machine_cpu()
    return (busy_after - busy) / (total_after - total) if total_after > total else 0.0


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


# ---------------------------------------------------------------------------------------------
# The load: `concurrency` workers, each with a request in flight at all times


@dataclass
class Phase:
    """What one run of one workload measured."""

    workload: str
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    response_bytes: int = 0
    elapsed: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    machine_busy: float = 0.0  # share of all cores, 0..1
    connections: int = 0  # PostgreSQL sessions opened on the database during the phase
    error_messages: Counter[str] = field(default_factory=Counter)
    expected_errors: int = 0  # errors the workload expects, e.g. FORBIDDEN for the public

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0


def problem_of(workload: Workload, status: int, body: bytes) -> tuple[str | None, int]:
    """Why a response is not a success (None when it is), and how many expected errors
    (`Workload.expected_errors`) it carried."""
    if status != 200:
        return f"HTTP {status}: {body[:200].decode(errors='replace')}", 0
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return f"not JSON: {body[:200].decode(errors='replace')}", 0
    every = payload.get("errors") or ()
    errors = [
        error
        for error in every
        if not workload.expects(error.get("path"), (error.get("extensions") or {}).get("code"))
    ]
    expected = len(every) - len(errors)
    if errors:
        messages = "; ".join(
            f"{error.get('message')} ({(error.get('extensions') or {}).get('code')} at "
            f"{error.get('path')})"
            for error in errors
        )
        return f"GraphQL errors: {messages}", expected
    data = payload.get("data")
    if not isinstance(data, dict):
        return "no data", expected
    return workload.check(data), expected


HEADERS: Final = {
    "content-type": "application/json",
    "accept": "application/graphql-response+json",
}


class Sender(Protocol):
    """Sends one `POST /graphql` and returns (status, body); raises on transport failure."""

    async def __call__(self, body: bytes) -> tuple[int, bytes]: ...


@contextlib.asynccontextmanager
async def senders(kind: str, base_url: str, count: int) -> AsyncIterator[list[Sender]]:
    """One sender per worker: its own keep-alive connection (`raw`), or a shared httpx
    client with a pool of `count` keep-alive connections (`httpx`)."""
    if kind == "httpx":
        limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
        async with httpx.AsyncClient(
            base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT
        ) as client:

            async def send(body: bytes) -> tuple[int, bytes]:
                response = await client.post("/graphql", content=body, headers=HEADERS)
                return response.status_code, response.content

            yield [send] * count
        return
    url = httpx.URL(base_url)
    connections = [
        Connection(url.host, url.port or 80, headers=HEADERS, seconds=REQUEST_TIMEOUT)
        for _ in range(count)
    ]

    def sender(connection: Connection) -> Sender:
        async def send(body: bytes) -> tuple[int, bytes]:
            response = await connection.post("/graphql", body)
            return response.status, response.body

        return send

    try:
        yield [sender(connection) for connection in connections]
    finally:
        for connection in connections:
            await connection.close()


async def run_phase(
    workers: Sequence[Sender],
    workload: Workload,
    bodies: Sequence[bytes],
    *,
    seconds: float,
    server: Server,
    record: bool,
) -> Phase:
    phase = Phase(workload=workload.name)
    numbers = itertools.count()

    async def worker(send: Sender, deadline: float) -> None:
        while time.perf_counter() < deadline:
            body = bodies[next(numbers) % len(bodies)]
            started = time.perf_counter()
            try:
                status, content = await send(body)
            except Exception as error:  # any failure to get a response is a failed request
                problem: str | None = f"{type(error).__name__}: {error}"
                content = b""
            else:
                problem, expected = problem_of(workload, status, content)
                phase.expected_errors += expected
            finished = time.perf_counter()
            if problem is not None:
                phase.errors += 1
                phase.error_messages[problem] += 1
            elif record:
                phase.ok += 1
                phase.latencies.append(finished - started)
                phase.response_bytes += len(content)

    server_cpu, client_cpu, (busy, total) = server.cpu_seconds(), own_cpu_seconds(), machine_cpu()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(worker(send, deadline) for send in workers))
    phase.elapsed = time.perf_counter() - started
    phase.server_cpu = server.cpu_seconds() - server_cpu
    phase.client_cpu = own_cpu_seconds() - client_cpu
    busy_after, total_after = machine_cpu()
    if total_after > total:
        phase.machine_busy = (busy_after - busy) / (total_after - total)
    return phase


async def run_load(
    options: Options, workloads: Sequence[Workload], sample: SampleData, server: Server
) -> list[Phase]:
    phases: list[Phase] = []
    monitor = create_async_engine(options.database_url, isolation_level="AUTOCOMMIT")
    try:
        async with (
            monitor.connect() as stats,
            senders(options.client, server.base_url, options.concurrency) as workers,
        ):
            for round_number in range(1, options.rounds + 1):
                for workload in workloads:
                    bodies = [
                        orjson.dumps(workload.body(sample, number))
                        for number in range(options.sample_size)
                    ]
                    label = f"round {round_number}/{options.rounds}: {workload.name}"
                    progress(f"{label}: warm-up {options.warmup:g} s …")
                    warmup = await run_phase(
                        workers,
                        workload,
                        bodies,
                        seconds=options.warmup,
                        server=server,
                        record=False,
                    )
                    progress(f"{label}: measuring {options.seconds:g} s …")
                    sessions = await sessions_opened(stats)
                    phase = await run_phase(
                        workers,
                        workload,
                        bodies,
                        seconds=options.seconds,
                        server=server,
                        record=True,
                    )
                    phase.connections = await sessions_opened(stats) - sessions
                    # Errors of the warm-up are errors of the run all the same.
                    phase.errors += warmup.errors
                    phase.error_messages.update(warmup.error_messages)
                    progress(f"{label}: {phase.rate:.0f} req/s, {phase.errors} errors")
                    phases.append(phase)
    finally:
        await monitor.dispose()
    return phases


async def sessions_opened(connection: AsyncConnection) -> int:
    """Sessions ever opened on this database (pg_stat_database.sessions, PostgreSQL 14+).

    Backends report it with their other statistics, at most about once a second and at
    exit, so a delta over a few seconds is approximate."""
    await connection.execute(text("SELECT pg_stat_clear_snapshot()"))
    opened = await connection.scalar(
        text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
    )
    return int(opened or 0)


def progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Summary:
    workload: Workload
    requests: int
    errors: int
    rate: float  # median over rounds
    latencies_ms: tuple[float, float, float]  # p50, p95, p99 over every request of every round
    in_process: InProcess | None
    server_cpu_ms: float  # server CPU per successful request
    client_cpu_share: float  # of one core
    server_cpu_share: float  # of one core
    machine_busy: float  # of all cores
    response_kib: float
    connections_per_100: float  # PostgreSQL sessions opened per 100 successful requests
    error_messages: Counter[str]
    expected_errors: int

    @classmethod
    def of(
        cls, workload: Workload, phases: Sequence[Phase], in_process: InProcess | None
    ) -> Summary:
        ok = sum(phase.ok for phase in phases)
        elapsed = sum(phase.elapsed for phase in phases)
        latencies = sorted(latency for phase in phases for latency in phase.latencies)
        messages: Counter[str] = Counter()
        for phase in phases:
            messages.update(phase.error_messages)
        return cls(
            workload=workload,
            requests=ok + sum(phase.errors for phase in phases),
            errors=sum(phase.errors for phase in phases),
            rate=statistics.median(phase.rate for phase in phases),
            latencies_ms=percentiles_ms(latencies),
            in_process=in_process,
            server_cpu_ms=1000 * sum(p.server_cpu for p in phases) / ok if ok else 0.0,
            client_cpu_share=sum(p.client_cpu for p in phases) / elapsed if elapsed else 0.0,
            server_cpu_share=sum(p.server_cpu for p in phases) / elapsed if elapsed else 0.0,
            machine_busy=statistics.mean(phase.machine_busy for phase in phases),
            response_kib=sum(p.response_bytes for p in phases) / ok / 1024 if ok else 0.0,
            connections_per_100=100 * sum(p.connections for p in phases) / ok if ok else 0.0,
            error_messages=messages,
            expected_errors=sum(phase.expected_errors for phase in phases),
        )


def percentiles_ms(latencies: Sequence[float]) -> tuple[float, float, float]:
    if len(latencies) < 2:
        only = latencies[0] * 1000 if latencies else float("nan")
        return (only, only, only)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return (cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if index >= right_from else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        ("-" * (width + 1) + ":") if index >= right_from else "-" * (width + 2)
        for index, width in enumerate(widths)
    )
    return "\n".join([line(header), rule + "|", *(line(row) for row in rows)])


def ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×"


def report(
    options: Options,
    data: DataSet,
    summaries: Sequence[Summary],
    *,
    server_log: str,
    total_seconds: float,
    idle_busy: float,
) -> str:
    out: list[str] = []
    out.append("")
    out.append(
        f"GraphQL load benchmark of the hub — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    out.append(
        f"server: `hub serve` (1 process, HUB_ENVIRONMENT=prod) on {shown(options.database_url)} "
        f"({data.entities:,} entities, {data.records:,} records; "
        f"{'ANALYZEd by the bench' if options.prepare else 'not ANALYZEd (--no-prepare)'}, "
        f"autovacuum {data.autovacuum}); viewer: the public"
    )
    out.append(
        f"load: {options.concurrency} keep-alive connections ({options.client} HTTP/1.1 client, "
        "asyncio) from a separate "
        f"process on the same cores; {options.warmup:g} s warm-up + {options.seconds:g} s "
        f"measured per workload, {options.rounds} round(s), {len(data.sample.usccs)} USCCs "
        f"(seed {options.seed}), {len(data.sample.region_codes)} cities"
    )
    out.append("")
    out.append(
        table(
            [
                "workload",
                "requests",
                "errors",
                "req/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "SQL/req",
                "× Strawberry defaults",
                "× PostGraphile v5",
            ],
            [
                [
                    s.workload.name,
                    f"{s.requests:,}",
                    f"{s.errors:,}",
                    f"{s.rate:,.0f}",
                    *(f"{value:.1f}" for value in s.latencies_ms),
                    "?" if s.in_process is None else f"{s.in_process.statements:g}",
                    f"{ratio(s.rate, s.workload.reference.strawberry_defaults)} "
                    f"(of {s.workload.reference.strawberry_defaults:g})",
                    f"{ratio(s.rate, s.workload.reference.postgraphile_v5)} "
                    f"(of {s.workload.reference.postgraphile_v5:g})",
                ]
                for s in summaries
            ],
        )
    )
    out.append("")
    out.append(
        table(
            [
                "workload",
                "server CPU ms/req",
                "in-process execute CPU ms/req",
                "server CPU (cores)",
                "load generator CPU (cores)",
                "machine busy (all cores)",
                "PG connections opened /100 req",
                "response KiB",
            ],
            [
                [
                    s.workload.name,
                    f"{s.server_cpu_ms:.2f}",
                    "?" if s.in_process is None else f"{s.in_process.cpu_ms:.2f}",
                    f"{s.server_cpu_share:.2f}",
                    f"{s.client_cpu_share:.2f}",
                    f"{100 * s.machine_busy:.0f}%",
                    f"{s.connections_per_100:.1f}",
                    f"{s.response_kib:.1f}",
                ]
                for s in summaries
            ],
        )
    )
    out.append("")
    out.append(
        "Reference req/s (× columns): PERFORMANCE.md, 16 concurrent, 100k entities / 1M records, "
        "measured elsewhere on another day — read the ratios as a scale, not a verdict."
    )
    out.append(
        "SQL/req: statements one request sends (SQLAlchemy before_cursor_execute, in-process, "
        f"mean of {IN_PROCESS_SAMPLES}); prepares and pool traffic are not counted. In-process "
        "execute CPU: the same documents through schema.execute one at a time in this process "
        "(GraphQL + ORM + driver, no HTTP); server CPU ms/req is the served figure under load."
    )
    out.append(
        "PG connections opened: new PostgreSQL sessions on the database per 100 requests "
        "(pg_stat_database.sessions, approximate); above 0 the server's pool opens and closes "
        "connections under this load."
    )
    out.append(
        "Latency is what the load generator saw (it shares the cores with the server and "
        "PostgreSQL). Machine busy includes PostgreSQL and anything else running."
    )
    for s in summaries:
        for expected in s.workload.expected_errors:
            out.append(
                f"{s.workload.name}: {expected.code} at {expected.path} is expected "
                f"({expected.why}), not counted as an error; {s.expected_errors:,} responses "
                "(warm-up included) carried it."
            )
    out.append(
        f"Machine busy before the load (server idle, 1 s): {100 * idle_busy:.0f}% — other "
        "work on the machine skews every figure; rerun when this is high."
    )
    failed = [s for s in summaries if s.errors]
    if failed:
        out.append("")
        out.append("ERRORS (warm-up included):")
        for s in failed:
            for message, count in s.error_messages.most_common(ERROR_SAMPLES):
                out.append(f"  {s.workload.name}: {count} × {message[:300]}")
    if server_log.strip():
        out.append("")
        out.append("server log (last lines):")
        out.extend(f"  {line}" for line in server_log.splitlines())
    out.append("")
    out.append(f"total run time {total_seconds:.0f} s")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------


async def prepare(
    options: Options, workloads: Sequence[Workload]
) -> tuple[DataSet, dict[str, InProcess]]:
    if options.prepare:
        if await create_database_if_missing(options.database_url):
            progress(f"created database {shown(options.database_url)}")
        progress("`hub demo` (migrate + demo data, idempotent) …")
        loop = asyncio.get_running_loop()
        progress(await loop.run_in_executor(None, load_demo_data, options.database_url))
        progress("ANALYZE (fresh planner statistics) …")
        await analyze(options.database_url)
    data = await draw_sample(options.database_url, size=options.sample_size, seed=options.seed)
    progress("SQL statements and CPU per request, in-process …")
    in_process = await measure_in_process(options.database_url, workloads, data.sample)
    return data, in_process


def interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    started = time.monotonic()
    options = Options.parse(argv)
    # `make` and CI stop with SIGTERM: unwind like Ctrl-C so the server is stopped.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        workloads = options.workloads()
        estimate = len(workloads) * options.rounds * (options.warmup + options.seconds)
        progress(f"load phase about {estimate:.0f} s, plus preparation")
        data, in_process = asyncio.run(prepare(options, workloads))
        with tempfile.TemporaryDirectory(prefix="hub-bench-") as directory:
            log_path = Path(directory) / "server.log"
            progress("starting `hub serve` …")
            with running_server(options.database_url, log_path) as server:
                idle_busy = machine_busy_over(1.0)
                if idle_busy > BUSY_WARNING:
                    progress(f"warning: the machine is {100 * idle_busy:.0f}% busy before the load")
                phases = asyncio.run(run_load(options, workloads, data.sample, server))
            server_log = server.log()
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except (OSError, SQLAlchemyError) as error:
        print(f"bench: {shown(options.database_url)}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted; the server was stopped", file=sys.stderr)
        return 130
    summaries = [
        Summary.of(
            workload,
            [phase for phase in phases if phase.workload == workload.name],
            in_process.get(workload.name),
        )
        for workload in workloads
    ]
    print(
        report(
            options,
            data,
            summaries,
            server_log=server_log,
            total_seconds=time.monotonic() - started,
            idle_busy=idle_busy,
        )
    )
    if any(summary.errors for summary in summaries):
        print("bench: some requests failed (see ERRORS above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
