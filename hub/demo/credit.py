"""信用分类监管 in the demo: the default rule set (version 1, active) and an evaluation of
every entity by it, so the stored grades are what the rules say about the demo records.

The generator's own hub evaluations (loaded before) are replaced: the engine, not the
generator, is the authority on a hub grade."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hub.credit.administration import ensure_default_rules, recompute_entities


async def load_demo_credit(session: AsyncSession) -> int:
    """In the demo load's transaction; returns how many entities were evaluated."""
    await ensure_default_rules(session)
    return await recompute_entities(session, None)
