"""监管信息归集: departments and partner systems submit supervision records, publish (公示)
and revoke them, and announce; every change audited, every change the nation must hear of
written to the outbox in the same transaction."""
