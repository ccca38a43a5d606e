"""信用分类监管: the hub's own credit evaluation of market entities.

- `rules`: a rule set (indicators, points, windows, grade thresholds) as data; the default
  one and its rationale; validation of a new version.
- `engine`: one set-based pass computing every indicator of many entities in one GROUP BY
  statement, and storing their evaluations (source HUB) with an explanation.
- `recompute`: keeps evaluations consistent with the records: a session hook recomputes
  the entities whose records or complaints a transaction changed, before it commits.
- `administration`: the mutations' business rules (MANAGE_CREDIT_RULES, audited).
- `combination`: how the hub's grade and the national platform's make the overall grade.
"""
