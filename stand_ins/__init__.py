"""STAND-INS for the national partner systems: small local services that answer the way
the real ones do, for development and tests. They are NOT the national credit platform,
the enterprise credit publicity system or the national complaint feed, and hold no real
data: every answer is derived deterministically from the request.

Each stand-in accepts `POST /_control` to inject latency and failures on demand:

    {"latency_ms": 300, "fail_rate": 1.0, "status": 503, "fail_next": 0}

and `GET /_control` reports the settings and how many requests each path received
(`POST /_control/reset` clears both).
"""

from stand_ins.control import Faults, with_control
from stand_ins.server import RunningStandIn, run_in_thread

__all__ = ["Faults", "RunningStandIn", "run_in_thread", "with_control"]
