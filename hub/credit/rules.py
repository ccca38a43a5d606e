"""Rule sets as values: what the engine evaluates with and what administrators change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.models import CreditGrade, CreditIndicator, CreditMeasure, CreditRuleSet

CENT: Final = Decimal("0.01")
MAX_INDICATORS: Final = 20
MAX_WINDOW_YEARS: Final = 10

# Where each measure's value comes from (shown in explanations).
MEASURE_SOURCES: Final = {
    CreditMeasure.PENALTY_COUNT: "本平台归集的已公示行政处罚",
    CreditMeasure.FINE_AMOUNT: "本平台归集的已公示行政处罚（罚款金额，万元）",
    CreditMeasure.ACTIVE_BLACKLIST: "本平台归集的已公示违法失信（黑名单）记录，尚未移出",
    CreditMeasure.INSPECTION_PROBLEMS: "本平台归集的已公示行政检查（发现问题或查无下落）",
    CreditMeasure.ENFORCEMENT_COUNT: "本平台归集的已公示行政强制",
    CreditMeasure.COMPLAINT_COUNT: "国家平台推送、与该主体关联的监管投诉",
    CreditMeasure.VALID_LICENSE: "本平台归集的已公示行政许可，在有效期内",
}


@dataclass(frozen=True, slots=True)
class Indicator:
    measure: CreditMeasure
    name: str
    description: str
    points_per_unit: Decimal
    max_points: Decimal | None = None
    window_years: int | None = None

    def points(self, value: Decimal) -> Decimal:
        """value × points per unit, its size capped at max_points."""
        points = value * self.points_per_unit
        if self.max_points is not None:
            points = max(-self.max_points, min(self.max_points, points))
        return points.quantize(CENT)

    def since(self, as_of: date) -> date | None:
        """The first day inside the window (same day N years earlier), None without one."""
        if self.window_years is None:
            return None
        year = as_of.year - self.window_years
        # 29 February of a leap year: the window starts on 28 February.
        day = min(as_of.day, 28) if as_of.month == 2 else as_of.day
        return as_of.replace(year=year, day=day)


@dataclass(frozen=True, slots=True)
class Rules:
    name: str
    description: str
    base_score: Decimal
    grade_a_min_score: Decimal
    grade_b_min_score: Decimal
    grade_c_min_score: Decimal
    indicators: tuple[Indicator, ...]
    id: int | None = None
    version: int | None = None

    def score(self, points: Sequence[Decimal]) -> Decimal:
        total = self.base_score + sum(points, Decimal(0))
        return max(Decimal(0), min(Decimal(100), total)).quantize(CENT)

    def grade(self, score: Decimal) -> CreditGrade:
        if score >= self.grade_a_min_score:
            return CreditGrade.A
        if score >= self.grade_b_min_score:
            return CreditGrade.B
        if score >= self.grade_c_min_score:
            return CreditGrade.C
        return CreditGrade.D

    @classmethod
    def from_models(cls, rule_set: CreditRuleSet, indicators: Sequence[CreditIndicator]) -> Rules:
        return cls(
            id=rule_set.id,
            version=rule_set.version,
            name=rule_set.name,
            description=rule_set.description,
            base_score=rule_set.base_score,
            grade_a_min_score=rule_set.grade_a_min_score,
            grade_b_min_score=rule_set.grade_b_min_score,
            grade_c_min_score=rule_set.grade_c_min_score,
            indicators=tuple(
                Indicator(
                    measure=row.measure,
                    name=row.name,
                    description=row.description,
                    points_per_unit=row.points_per_unit,
                    max_points=row.max_points,
                    window_years=row.window_years,
                )
                for row in sorted(indicators, key=lambda row: row.position)
            ),
        )


def load_active_rules(session: Session) -> Rules | None:
    """The active rule set (two statements), None before any was set up."""
    rule_set = session.scalars(
        select(CreditRuleSet).where(CreditRuleSet.active.is_(True))
    ).one_or_none()
    if rule_set is None:
        return None
    indicators = session.scalars(
        select(CreditIndicator).where(CreditIndicator.rule_set_id == rule_set.id)
    ).all()
    return Rules.from_models(rule_set, indicators)


def _d(value: str) -> Decimal:
    return Decimal(value)


# The default rule set. Its descriptions say why each number is what it is; they are the
# documentation an administrator reads before changing it.
DEFAULT_RULES: Final = Rules(
    name="市场主体信用风险分类默认规则",
    description=(
        "参照市场监管部门企业信用风险分类管理的做法：每个市场主体以基准分80分起评，"
        "按本平台归集的已公示监管信息和投诉逐项加减分，得分限定在0到100分之间。"
        "85分及以上为A类（信用风险低），70分及以上为B类（一般），55分及以上为C类（较高），"
        "低于55分为D类（高）。无任何监管信息的主体为B类：信息不足不能视为低风险。"
        "分级结果用于确定双随机抽查的比例和频次，原则上在监管部门内部使用，不向社会公示。"
    ),
    base_score=_d("80"),
    grade_a_min_score=_d("85"),
    grade_b_min_score=_d("70"),
    grade_c_min_score=_d("55"),
    indicators=(
        Indicator(
            measure=CreditMeasure.VALID_LICENSE,
            name="有效行政许可",
            description=(
                "依法取得且在有效期内的行政许可表明主体接受准入审查、合规经营，作为正向指标："
                "每项加2分，最多加6分（三项许可即可使无不良信息的主体进入A类）。"
            ),
            points_per_unit=_d("2"),
            max_points=_d("6"),
        ),
        Indicator(
            measure=CreditMeasure.PENALTY_COUNT,
            name="行政处罚次数",
            description=(
                "近3年已公示的行政处罚决定，每次扣8分，最多扣40分。3年与行政处罚信息"
                "最长公示期一致；两次处罚即降至C类，反映屡次违法的风险。"
            ),
            points_per_unit=_d("-8"),
            max_points=_d("40"),
            window_years=3,
        ),
        Indicator(
            measure=CreditMeasure.FINE_AMOUNT,
            name="罚款金额",
            description=(
                "近3年已公示行政处罚的罚款金额合计，每万元扣1分，最多扣20分："
                "金额反映违法情节的轻重，与处罚次数叠加计算。"
            ),
            points_per_unit=_d("-1"),
            max_points=_d("20"),
            window_years=3,
        ),
        Indicator(
            measure=CreditMeasure.ACTIVE_BLACKLIST,
            name="违法失信（黑名单）",
            description=(
                "列入严重违法失信名单或经营异常名录且尚未移出的记录，每条扣45分，最多扣60分："
                "一条即从基准分降至D类；移出（信用修复）后不再计入。"
            ),
            points_per_unit=_d("-45"),
            max_points=_d("60"),
        ),
        Indicator(
            measure=CreditMeasure.INSPECTION_PROBLEMS,
            name="检查发现问题",
            description=(
                "近2年已公示的行政检查中发现问题或通过登记的住所（经营场所）无法联系的，"
                "每次扣4分，最多扣20分：检查结果是风险的直接信号，但未必构成违法。"
            ),
            points_per_unit=_d("-4"),
            max_points=_d("20"),
            window_years=2,
        ),
        Indicator(
            measure=CreditMeasure.ENFORCEMENT_COUNT,
            name="行政强制",
            description=("近3年已公示的行政强制（查封、扣押等），每次扣5分，最多扣15分。"),
            points_per_unit=_d("-5"),
            max_points=_d("15"),
            window_years=3,
        ),
        Indicator(
            measure=CreditMeasure.COMPLAINT_COUNT,
            name="投诉数量",
            description=(
                "近1年收到的针对该主体的投诉，每件扣1分，最多扣10分：投诉只是线索、未经查实，"
                "权重最低，窗口最短。"
            ),
            points_per_unit=_d("-1"),
            max_points=_d("10"),
            window_years=1,
        ),
    ),
)
