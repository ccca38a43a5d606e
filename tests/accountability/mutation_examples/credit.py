"""信用分类规则: a new version (applied to every entity), and going back to version 1."""

from __future__ import annotations

from typing import Any

from hub.credit.rules import DEFAULT_RULES
from tests.accountability.mutation_examples import MutationExample

# 辽宁省市场监督管理局's administrator holds MANAGE_CREDIT_RULES.
PROVINCE_ADMINISTRATOR = "2100002310001"

RULES_INPUT: dict[str, Any] = {
    "name": "市场主体信用风险分类规则（审计示例）",
    "description": DEFAULT_RULES.description,
    "baseScore": str(DEFAULT_RULES.base_score),
    "gradeAMinScore": str(DEFAULT_RULES.grade_a_min_score),
    "gradeBMinScore": str(DEFAULT_RULES.grade_b_min_score),
    "gradeCMinScore": str(DEFAULT_RULES.grade_c_min_score),
    "indicators": [
        {
            "measure": i.measure.value,
            "name": i.name,
            "description": i.description,
            "pointsPerUnit": str(i.points_per_unit),
            "maxPoints": None if i.max_points is None else str(i.max_points),
            "windowYears": i.window_years,
        }
        for i in DEFAULT_RULES.indicators
    ],
}

EXAMPLES: list[MutationExample] = [
    MutationExample(
        field="saveCreditRuleSet",
        viewer=PROVINCE_ADMINISTRATOR,
        document="""
mutation($input: CreditRuleSetInput!) {
  saveCreditRuleSet(input: $input) {
    __typename
    ... on CreditRuleSetPayload { ruleSet { version active } evaluatedEntities }
    ... on InputError { message fieldErrors { field message } }
  }
}""",
        variables={"input": RULES_INPUT},
    ),
    # Version 1 is the default rule set every database starts with (demo load or
    # `hub credit recompute`); activating it again is always possible.
    MutationExample(
        field="activateCreditRuleSet",
        viewer=PROVINCE_ADMINISTRATOR,
        document="""
mutation {
  activateCreditRuleSet(version: 1) {
    __typename
    ... on CreditRuleSetPayload { ruleSet { version active } evaluatedEntities }
    ... on InputError { message fieldErrors { field message } }
  }
}""",
    ),
]
