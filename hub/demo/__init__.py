"""Demo data: a deterministic, realistic-looking Liaoning data set for `hub demo` and the tests.

`load_demo(session_factory, scale=DemoScale.full())` loads the reference regions and then the
demo set (departments, org units, market entities, the supervision-item catalogue, records of
all six kinds, complaints, credit evaluations, announcements, and the demo accounts with their
users, grants and partner client) in one transaction, leaving
whatever is already there alone; loading twice inserts nothing the second time.
"""

from hub.demo.accounts import (
    DEMO_PARTNER_CLIENT_ID,
    DEMO_PARTNER_SCOPES,
    DEMO_PARTNER_SECRET,
    DEMO_PASSWORD,
    demo_accounts_table,
)
from hub.demo.generator import REFERENCE_DATE, DemoDataSet, DemoScale, generate
from hub.demo.loader import DemoSummary, Progress, load_demo

__all__ = [
    "DEMO_PARTNER_CLIENT_ID",
    "DEMO_PARTNER_SCOPES",
    "DEMO_PARTNER_SECRET",
    "DEMO_PASSWORD",
    "REFERENCE_DATE",
    "DemoDataSet",
    "DemoScale",
    "DemoSummary",
    "Progress",
    "demo_accounts_table",
    "generate",
    "load_demo",
]
