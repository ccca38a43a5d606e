"""监管投诉: complaints from the national complaint feed, end to end.

- `intake`: pull the feed through the connector framework, page by page (one transaction
  each, idempotent by external id), associate and dispatch what arrives.
- `matching`: which market entity a complaint is about (USCC, exact name, fuzzy name with
  candidates for a person to confirm).
- `dispatch`: the dispatch rules (data) and what dispatching changes.
- `handling`: confirm the entity, re-dispatch, accept, record the result, close (the
  result goes to the outbox as COMPLAINT_RESULT in the same transaction).
- `rules`: region administrators keep the dispatch rules.
"""
