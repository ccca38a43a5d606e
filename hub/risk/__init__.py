"""风险预警: risk models as data, their set-based evaluation, alerts and their live push.

- `dimensions`: the registry of information dimensions, each one SQL aggregate per entity.
- `models`: defining, changing and enabling risk models (validated, audited).
- `evaluation`: every enabled model over many entities in a constant number of statements.
- `alerts`: acknowledging and closing alerts (audited).
- `monitor`: evaluation after commits that touched records or complaints, and on a schedule.
- `broadcast`: new alerts to the subscribers of this process.
"""
