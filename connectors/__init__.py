"""Connectors to partner systems, fetched at query time.

Configured in a TOML file (see `connectors.config`), one `Connector` per partner system,
all held by a process-wide `ConnectorRegistry`.
"""

from connectors.breaker import BreakerState, CircuitBreaker
from connectors.config import (
    BreakerPolicy,
    ConnectorConfig,
    ConnectorConfigError,
    ConnectorKind,
    DatasetConfig,
    RetryPolicy,
    load_connectors_file,
    parse_connectors,
)
from connectors.connector import Connector
from connectors.errors import PartnerError, PartnerTimeoutError, PartnerUnavailableError
from connectors.metrics import MetricsSnapshot
from connectors.registry import ConnectorRegistry
from connectors.requirements import MissingFieldMapping, check_field_mappings

__all__ = [
    "BreakerPolicy",
    "BreakerState",
    "CircuitBreaker",
    "Connector",
    "ConnectorConfig",
    "ConnectorConfigError",
    "ConnectorKind",
    "ConnectorRegistry",
    "DatasetConfig",
    "MetricsSnapshot",
    "MissingFieldMapping",
    "PartnerError",
    "PartnerTimeoutError",
    "PartnerUnavailableError",
    "RetryPolicy",
    "check_field_mappings",
    "load_connectors_file",
    "parse_connectors",
]
