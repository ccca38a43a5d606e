"""All configured connectors of the process, found by the dataset they provide."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from connectors.config import ConnectorConfig, load_connectors_file, parse_connectors
from connectors.connector import Clock, Connector
from connectors.errors import PartnerUnavailableError
from connectors.metrics import MetricsSnapshot
from connectors.requirements import RequiredFields, check_field_mappings

logger = logging.getLogger(__name__)


class ConnectorRegistry:
    """Process-wide: created once by the server, closed in its lifespan. Caches, breakers
    and metrics live here; per-request batching is the DataLoaders' job."""

    def __init__(self, connectors: Iterable[Connector] = ()) -> None:
        self.connectors: dict[str, Connector] = {c.name: c for c in connectors}
        self._providers: dict[str, Connector] = {
            dataset: connector
            for connector in self.connectors.values()
            for dataset in connector.config.datasets
        }

    @classmethod
    def from_configs(
        cls, configs: Iterable[ConnectorConfig], *, clock: Clock = time.monotonic
    ) -> ConnectorRegistry:
        return cls(Connector(config, clock=clock) for config in configs)

    @classmethod
    def from_toml(
        cls,
        text: str,
        *,
        source: str = "<connectors>",
        environ: Mapping[str, str] | None = None,
        clock: Clock = time.monotonic,
    ) -> ConnectorRegistry:
        return cls.from_configs(parse_connectors(text, source=source, environ=environ), clock=clock)

    @classmethod
    def from_file(
        cls,
        path: Path,
        *,
        environ: Mapping[str, str] | None = None,
        clock: Clock = time.monotonic,
        required_fields: RequiredFields | None = None,
    ) -> ConnectorRegistry:
        """`required_fields` (dataset → the fields the graph reads): the startup check;
        a configured dataset missing one fails here, before any connector is built."""
        configs = load_connectors_file(path, environ=environ)
        if required_fields is not None:
            check_field_mappings(configs, required_fields, source=str(path))
        registry = cls.from_configs(configs, clock=clock)
        logger.info("connectors from %s: %s", path, ", ".join(registry.connectors) or "none")
        return registry

    @property
    def datasets(self) -> frozenset[str]:
        return frozenset(self._providers)

    def provider(self, dataset: str) -> Connector | None:
        return self._providers.get(dataset)

    async def fetch(self, dataset: str, keys: Sequence[str]) -> list[Any]:
        """Aligned with `keys`: each key's answer, or the `PartnerError` in its place."""
        connector = self._providers.get(dataset)
        if connector is None:
            error = PartnerUnavailableError(dataset, "no connector provides this dataset")
            return [error for _ in keys]
        return await connector.fetch(dataset, keys)

    def metrics(self) -> list[MetricsSnapshot]:
        return [connector.snapshot() for connector in self.connectors.values()]

    def clear_caches(self) -> None:
        for connector in self.connectors.values():
            connector.cache.clear()

    async def aclose(self) -> None:
        await asyncio.gather(*(c.aclose() for c in self.connectors.values()))

    async def __aenter__(self) -> ConnectorRegistry:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
