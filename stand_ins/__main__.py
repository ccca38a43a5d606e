"""`python -m stand_ins serve`: the STAND-IN partner systems, for local development."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from stand_ins.server import APPS, RunningStandIn, run_in_thread

DEFAULT_PORTS = {
    "national_credit": 8701,
    "credit_publicity": 8702,
    "complaint_feed": 8703,
    "national_receiver": 8704,
    "enterprise_info": 8705,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m stand_ins",
        description="Stand-ins for the national partner systems (not the real ones).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve all the stand-ins until interrupted")
    for name, port in DEFAULT_PORTS.items():
        serve.add_argument(f"--{name.replace('_', '-')}-port", type=int, default=port)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    running: list[RunningStandIn] = []
    for name, create in APPS.items():
        running.append(run_in_thread(name, create(), port=getattr(arguments, f"{name}_port")))
    for stand_in in running:
        print(f"STAND-IN {stand_in.name} (not the real system): {stand_in.url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    for stand_in in running:
        stand_in.stop()


if __name__ == "__main__":
    main()
