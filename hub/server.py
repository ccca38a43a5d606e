"""Assembles the running service: engine, sessions, schema, per-request context, HTTP app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request

from connectors import ConnectorRegistry
from hub.access_log import AccessLog
from hub.auth.bearer import BearerChallenge, viewer_for_request
from hub.auth.sign_in import AuthServices
from hub.complaints.intake import FEED_DATASET, ComplaintFeedPoller
from hub.context import Context
from hub.db import create_engine, create_read_session_factory, create_session_factory
from hub.http.app import create_app
from hub.http.oauth import oauth_routes
from hub.http.subscriptions import SubscriptionEndpoint, subscription_routes
from hub.risk.broadcast import AlertBroadcaster
from hub.risk.monitor import RiskMonitor
from hub.risk.settings import RiskSettings
from hub.schema.partner_data import DATASET_FIELDS
from hub.schema.root import build_schema
from hub.settings import Settings, get_settings


def create_hub_app(settings: Settings) -> Starlette:
    engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
    read_sessions = create_read_session_factory(engine)
    write_sessions = create_session_factory(engine)
    auth = AuthServices.from_settings(settings)
    # Reads of non-public entity data, written in batches off the request path.
    access_log = AccessLog(write_sessions)
    # A bad connectors file fails the start, not the first query that needs a partner.
    partners = (
        ConnectorRegistry.from_file(settings.connectors_file, required_fields=DATASET_FIELDS)
        if settings.connectors_file is not None
        else None
    )

    # 监管投诉: the national complaint feed, pulled in the background when configured.
    complaint_feed = (
        ComplaintFeedPoller(write_sessions, partners, settings.complaint_feed_pull_seconds)
        if settings.complaint_feed_pull_seconds > 0
        and partners is not None
        and partners.provider(FEED_DATASET) is not None
        else None
    )

    async def context_getter(request: Request) -> Context:
        # The viewer is the one input every row filter and field rule reads: the public
        # without an Authorization header; a refused token is a 401 (`Unauthenticated`).
        return Context(
            viewer=await viewer_for_request(request, auth, read_sessions),
            read_sessions=read_sessions,
            write_sessions=write_sessions,
            settings=settings,
            request=request,
            partners=partners,
            access_log=access_log,
        )

    schema = build_schema(settings)
    # 风险预警: evaluation after record/complaint commits, pushed to WebSocket subscribers.
    risk_alerts = AlertBroadcaster()
    risk_monitor = RiskMonitor(engine, write_sessions, risk_alerts)
    subscriptions = SubscriptionEndpoint(
        schema=schema,
        settings=settings,
        auth=auth,
        read_sessions=read_sessions,
        write_sessions=write_sessions,
        risk_alerts=risk_alerts,
    )
    app = create_app(
        settings=settings,
        schema=schema,
        context_getter=context_getter,
        engine=engine,
        routes=[*oauth_routes(auth, write_sessions), *subscription_routes(subscriptions)],
    )
    app.state.auth = auth
    app.state.risk_monitor = risk_monitor
    app.add_middleware(BearerChallenge)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        auth.keys.get()  # a served app fails at start, not at its first sign-in
        await access_log.start()
        if complaint_feed is not None:
            complaint_feed.start()
        risk_monitor.install()
        interval = RiskSettings().evaluation_interval_seconds
        if interval is not None:
            risk_monitor.start_periodic(interval)
        try:
            yield
        finally:
            await risk_monitor.stop()
            if complaint_feed is not None:
                await complaint_feed.stop()
            await access_log.stop()
            if partners is not None:
                await partners.aclose()
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
