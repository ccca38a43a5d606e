"""`hub push`: the command line around the worker (status, one round, or until stopped)."""

from __future__ import annotations

import asyncio
import contextlib
import signal

from rich.console import Console

from hub.db import create_engine, create_session_factory
from hub.models.base import utcnow
from hub.push.config import PushConfig, PushConfigError, load_push_config
from hub.push.worker import OutboxStatus, OutboxWorker, http_client, outbox_status
from hub.settings import get_settings


def run_push(*, once: bool, status: bool, interval_seconds: float, console: Console) -> int:
    settings = get_settings()
    if settings.connectors_file is None:
        console.print("[red]未配置 HUB_CONNECTORS_FILE：不知道推送到哪里[/red]")
        return 2
    try:
        config = load_push_config(settings.connectors_file)
    except PushConfigError as error:
        console.print(f"[red]推送配置有误：{error}[/red]")
        return 2
    if not config.destinations:
        console.print(
            f"[red]{settings.connectors_file} 中没有 [push.destinations.*]，无处推送[/red]"
        )
        return 2
    return asyncio.run(_run(settings.database_url, config, once, status, interval_seconds, console))


async def _run(
    database_url: str,
    config: PushConfig,
    once: bool,
    status: bool,
    interval_seconds: float,
    console: Console,
) -> int:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    try:
        if status:
            _print_status(await outbox_status(sessions, config, utcnow()), console)
            return 0
        async with http_client(config) as client:
            worker = OutboxWorker(sessions, config, client)
            if once:
                round_ = await worker.run_once()
                console.print(
                    f"推送 {round_.claimed} 条：成功 {round_.delivered}，失败 {round_.failed}"
                    + ("（稍后重试：hub push --status 查看）" if round_.failed else "")
                )
                return 0
            for topic, destination in config.destinations.items():
                console.print(f"推送 {topic.value} → {destination.base_url}")
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError):
                    loop.add_signal_handler(signal_number, stop.set)
            await worker.run_forever(interval_seconds, stop)
            console.print("推送已停止")
            return 0
    finally:
        await engine.dispose()


def _print_status(status: OutboxStatus, console: Console) -> None:
    console.print(
        f"待推送 {status.pending} 条（其中现在到期 {status.due} 条），已推送 {status.delivered} 条"
    )
    if status.failing:
        console.print(f"[yellow]曾失败、正在重试：{status.failing} 条[/yellow]")
    if status.oldest_pending_at is not None:
        console.print(f"最早的待推送消息产生于 {status.oldest_pending_at.isoformat()}")
    for topic in status.undeliverable_topics:
        console.print(f"[red]主题 {topic.value} 有待推送消息，但未配置接收方[/red]")
