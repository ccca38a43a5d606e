"""In-process metrics of one connector: counters and a window of recent latencies."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from connectors.breaker import BreakerState

LATENCY_WINDOW = 1024


@dataclass(frozen=True, slots=True)
class MetricsSnapshot:
    connector: str
    kind: str
    calls: int  # requests sent to the partner (every attempt)
    errors: int  # failed attempts other than timeouts
    timeouts: int
    retries: int
    rejected: int  # calls refused by the open circuit breaker
    cache_hits: int
    cache_misses: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None
    breaker_state: BreakerState
    consecutive_failures: int


class ConnectorMetrics:
    def __init__(self) -> None:
        self.calls = 0
        self.errors = 0
        self.timeouts = 0
        self.retries = 0
        self.rejected = 0
        self.cache_hits = 0
        self.cache_misses = 0
        self.latencies_ms: deque[float] = deque(maxlen=LATENCY_WINDOW)

    def observe(self, seconds: float) -> None:
        self.latencies_ms.append(seconds * 1000.0)

    def percentile(self, fraction: float) -> float | None:
        """Nearest-rank percentile of the recent window."""
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        rank = max(1, math.ceil(fraction * len(ordered)))
        return round(ordered[rank - 1], 3)
