"""`hub catalogue import`: the national catalogue from a file, with progress and a report of
every rejected line; exit status 1 if any line was rejected, 2 if the file was refused."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TextIO

from rich.console import Console

from hub.catalogue.national import (
    CatalogueFileRefused,
    CatalogueFormat,
    ImportResult,
    import_catalogue,
    open_catalogue_file,
)
from hub.db import create_engine, create_session_factory
from hub.settings import get_settings

MAX_SHOWN_REJECTIONS = 200


def run_catalogue_import(path: Path, file_format: str | None, console: Console) -> int:
    def report(result: ImportResult) -> None:
        console.print(
            f"已读 {result.lines} 行：新增 {result.inserted}，更新 {result.updated}，"
            f"未变 {result.unchanged}，拒绝 {result.rejected}",
            highlight=False,
        )

    async def run(stream: TextIO, resolved: CatalogueFormat) -> ImportResult:
        engine = create_engine(get_settings().database_url)
        try:
            return await import_catalogue(
                create_session_factory(engine),
                stream,
                resolved,
                source=path.name,
                progress=report,
            )
        finally:
            await engine.dispose()

    try:
        stream, resolved = open_catalogue_file(path, file_format)
        with stream:
            result = asyncio.run(run(stream, resolved))
    except CatalogueFileRefused as refusal:
        console.print(f"[red]无法导入：{refusal}[/red]")
        return 2
    for rejection in result.rejections[:MAX_SHOWN_REJECTIONS]:
        console.print(f"[red]{rejection}[/red]", highlight=False)
    if result.rejected > MAX_SHOWN_REJECTIONS:
        console.print(f"[red]……另有 {result.rejected - MAX_SHOWN_REJECTIONS} 行被拒绝[/red]")
    if result.rejections:
        console.print(f"[red]有 {result.rejected} 行被拒绝，其余已导入[/red]")
    else:
        console.print("[green]国家监管事项目录导入完成[/green]")
    return result.exit_code
