"""`hub credit recompute`: after bulk loads that bypass the ORM (imports), and nightly, so
that windows ("the last 3 years") move on with the calendar."""

from __future__ import annotations

import time
from collections.abc import Sequence

from rich.console import Console
from sqlalchemy import select

from hub.credit.administration import ensure_default_rules, recompute_entities
from hub.db import create_engine, create_session_factory
from hub.domain.uscc import normalize_uscc
from hub.models import MarketEntity


async def recompute_command(
    database_url: str, usccs: Sequence[str] | None, console: Console
) -> int:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            if await ensure_default_rules(session):
                console.print("尚无信用分类规则：已启用默认规则（版本 1）")
            entity_ids: list[int] | None = None
            if usccs:
                codes = [normalize_uscc(code) for code in usccs]
                found = await session.execute(
                    select(MarketEntity.id, MarketEntity.uscc).where(MarketEntity.uscc.in_(codes))
                )
                by_code = {code: entity_id for entity_id, code in found.all()}
                missing = [code for code in codes if code not in by_code]
                if missing:
                    console.print(f"[red]未找到市场主体：{'、'.join(missing)}[/red]")
                    return 1
                entity_ids = list(by_code.values())
            started = time.perf_counter()
            count = await recompute_entities(session, entity_ids)
            elapsed = time.perf_counter() - started
        console.print(f"已重新评价 {count} 个市场主体，用时 {elapsed:.2f} 秒")
        return 0
    finally:
        await engine.dispose()
