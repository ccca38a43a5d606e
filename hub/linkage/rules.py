"""The routing rules of 证照联动: which registrations need which department's permit.

The shipped rules live in `hub/data/linkage_rules.csv` (reference data, loaded by natural
key `code`: a load inserts the missing rules and leaves existing ones — and what
administrators changed — alone). Administrators add and disable rules through the graph.
Columns: `code,match,pattern,department_code,permit_name,sign_within_days,
handle_within_days`; `match` is KEYWORD (a word of the business scope) or INDUSTRY_CODE (a
prefix of the GB/T 4754 industry code); the deadlines are working days from receipt.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.auth.policy import linkage_rule_refusal
from hub.collection.changes import Change
from hub.collection.problems import CONFLICT, NOT_FOUND, Invalid
from hub.collection.records import require
from hub.models import LinkageMatch, LinkageRule
from hub.reference import ReferenceDataError, department_codes_by_code

RULES_FILE = "linkage_rules.csv"
COLUMNS = (
    "code",
    "match",
    "pattern",
    "department_code",
    "permit_name",
    "sign_within_days",
    "handle_within_days",
)
MAX_DEADLINE_DAYS = 365
RULE_TARGET_TYPE = "LinkageRule"


@dataclass(frozen=True, slots=True)
class RuleRow:
    code: str
    match: LinkageMatch
    pattern: str
    department_code: str
    permit_name: str
    sign_within_days: int
    handle_within_days: int


def rule_problem(row: RuleRow) -> tuple[str, str] | None:
    """(field, message) of the first thing wrong with a rule, or None: the same checks for
    the shipped file and for administrators' input."""
    if not row.code.strip() or len(row.code) > 64:
        return "code", "规则编号应为1到64个字符"
    if not row.pattern.strip() or len(row.pattern) > 64:
        return "pattern", "匹配内容应为1到64个字符"
    if row.match is LinkageMatch.INDUSTRY_CODE and not row.pattern.isalnum():
        return "pattern", "行业代码应为字母和数字（如 G54）"
    if row.department_code not in department_codes_by_code():
        return "departmentCode", "部门代码不在部门代码表中"
    if not row.permit_name.strip() or len(row.permit_name) > 128:
        return "permitName", "许可名称应为1到128个字符"
    if not 0 <= row.sign_within_days <= MAX_DEADLINE_DAYS:
        return "signWithinDays", f"签收时限应在0到{MAX_DEADLINE_DAYS}个工作日之间"
    if not row.sign_within_days <= row.handle_within_days <= MAX_DEADLINE_DAYS:
        return "handleWithinDays", f"办理时限应不短于签收时限且不超过{MAX_DEADLINE_DAYS}个工作日"
    return None


def parse_rules(text: str, file: str = RULES_FILE) -> tuple[RuleRow, ...]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ReferenceDataError(f"{file}: columns should be {','.join(COLUMNS)}")
    rows: dict[str, RuleRow] = {}
    for line, raw in enumerate(reader, start=2):
        value = {key: (text or "").strip() for key, text in raw.items()}
        try:
            row = RuleRow(
                code=value["code"],
                match=LinkageMatch(value["match"]),
                pattern=value["pattern"],
                department_code=value["department_code"],
                permit_name=value["permit_name"],
                sign_within_days=int(value["sign_within_days"]),
                handle_within_days=int(value["handle_within_days"]),
            )
        except ValueError as error:
            raise ReferenceDataError(f"{file}:{line}: {error}") from None
        problem = rule_problem(row)
        if problem is not None:
            raise ReferenceDataError(f"{file}:{line}: {problem[1]}")
        if row.code in rows:
            raise ReferenceDataError(f"{file}:{line}: duplicate code {row.code}")
        rows[row.code] = row
    return tuple(rows.values())


@cache
def shipped_rules() -> tuple[RuleRow, ...]:
    return parse_rules((files("hub") / "data" / RULES_FILE).read_text(encoding="utf-8"))


async def load_linkage_rules(session: AsyncSession) -> int:
    """Insert the shipped rules that are missing (by code); returns how many. Runs in the
    caller's transaction."""
    existing = set((await session.scalars(select(LinkageRule.code))).all())
    missing = [row for row in shipped_rules() if row.code not in existing]
    session.add_all(
        LinkageRule(
            code=row.code,
            match=row.match,
            pattern=row.pattern,
            department_code=row.department_code,
            permit_name=row.permit_name,
            sign_within_days=row.sign_within_days,
            handle_within_days=row.handle_within_days,
        )
        for row in missing
    )
    await session.flush()
    return len(missing)


def matches(rule: LinkageRule, business_scope: str, industry_code: str | None) -> bool:
    if rule.match is LinkageMatch.KEYWORD:
        return rule.pattern in business_scope
    return industry_code is not None and industry_code.upper().startswith(rule.pattern.upper())


# --- administration ----------------------------------------------------------------------


async def create_rule(change: Change, row: RuleRow) -> LinkageRule:
    require(linkage_rule_refusal(change.viewer))
    problem = rule_problem(row)
    if problem is not None:
        raise Invalid.on(*problem)
    session = change.session
    duplicate = await session.scalar(
        select(LinkageRule.id).where(
            or_(
                LinkageRule.code == row.code,
                and_(
                    LinkageRule.match == row.match,
                    LinkageRule.pattern == row.pattern,
                    LinkageRule.department_code == row.department_code,
                ),
            )
        )
    )
    if duplicate is not None:
        raise Invalid.on("code", "已有相同编号或相同匹配内容与部门的规则", code=CONFLICT)
    rule = LinkageRule(
        code=row.code.strip(),
        match=row.match,
        pattern=row.pattern.strip(),
        department_code=row.department_code,
        permit_name=row.permit_name.strip(),
        sign_within_days=row.sign_within_days,
        handle_within_days=row.handle_within_days,
    )
    session.add(rule)
    await session.flush()
    change.audit(
        operation="linkageRule.create",
        target_type=RULE_TARGET_TYPE,
        target_id=rule.id,
        department_id=change.viewer.department_id,
        after={
            "code": rule.code,
            "match": rule.match.value,
            "pattern": rule.pattern,
            "departmentCode": rule.department_code,
            "permitName": rule.permit_name,
            "signWithinDays": rule.sign_within_days,
            "handleWithinDays": rule.handle_within_days,
            "enabled": rule.enabled,
        },
    )
    return rule


async def set_rule_enabled(change: Change, rule_id: int, enabled: bool) -> LinkageRule:
    """Enable or disable a rule; notices already sent stay as they are."""
    require(linkage_rule_refusal(change.viewer))
    rule = await change.session.get(LinkageRule, rule_id)
    if rule is None:
        raise Invalid.on("id", "规则不存在", code=NOT_FOUND)
    if rule.enabled is enabled:
        raise Invalid.on("enabled", "规则已是该状态", code=CONFLICT)
    rule.enabled = enabled
    await change.session.flush()
    change.audit(
        operation="linkageRule.enable" if enabled else "linkageRule.disable",
        target_type=RULE_TARGET_TYPE,
        target_id=rule.id,
        department_id=change.viewer.department_id,
        before={"enabled": not enabled},
        after={"enabled": enabled},
    )
    return rule
