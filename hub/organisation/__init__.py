"""组织与权限: the business rules of regions' and departments' administration.

One module per concept (departments, users, accounts, org units, grants, partner clients).
Each service function takes a `Change` (the write session of one mutation, the viewer and
where the request came from), checks who may do it (raising `hub.errors.Forbidden`),
refuses input the rules do not accept (raising `Refused`, which a mutation returns as its
`InputError`), makes the change and records exactly one audit event for it.
"""
