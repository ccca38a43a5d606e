"""Assembles the running service: engine, sessions, schema, per-request context, HTTP app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request

from hub.auth.viewer import Viewer
from hub.context import Context
from hub.db import create_engine, create_read_session_factory, create_session_factory
from hub.http.app import create_app
from hub.schema.root import build_schema
from hub.settings import Settings, get_settings


def create_hub_app(settings: Settings) -> Starlette:
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    read_sessions = create_read_session_factory(engine)
    write_sessions = create_session_factory(engine)

    async def context_getter(request: Request) -> Context:
        # Until sign-in exists every request is the public; the viewer is the one input
        # every row filter and field rule reads.
        return Context(
            viewer=Viewer.public(),
            read_sessions=read_sessions,
            write_sessions=write_sessions,
            settings=settings,
            request=request,
        )

    app = create_app(
        settings=settings,
        schema=build_schema(settings),
        context_getter=context_getter,
        engine=engine,
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app.router.lifespan_context = lifespan
    return app


def create_app_from_settings() -> Starlette:
    """The uvicorn factory (`hub serve`): settings from the environment."""
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s %(message)s"
    )
    return create_hub_app(settings)
