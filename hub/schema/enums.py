"""Model enums that several concepts' types use, registered with their descriptions before
any type can name them.

Strawberry turns a plain Python enum met in an annotation into a GraphQL enum of its own;
a later `strawberry.enum(...)` of the same class then makes a second definition of the
same name, and the schema refuses to build. Which comes first depended on import order
(the server imports differently from the tests), so these are registered here, when the
`hub.schema` package itself is imported.
"""

from __future__ import annotations

import strawberry

from hub import models

strawberry.enum(models.CreditGrade, description="信用等级：A（低风险）至 D（高风险）")
strawberry.enum(models.CreditSource, description="评价来源：本平台指标评价、国家平台推送")
