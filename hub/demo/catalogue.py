# Data tables of Chinese text: long lines are kept whole rather than split mid-phrase.
# ruff: noqa: E501
"""The demo supervision-item catalogue (监管事项目录清单) and what records of each item look like.

Per department code: main items (主项) with sub-items (子项), each governing one record kind,
with its legal basis and the details a record of it carries (certificate names, violation
facts, penalty types, measures …). Legal references name real laws and articles as commonly
cited for these matters; they are demo material, not a legal database.

Text templates use these fields: {subject} the entity, {address}, {date} (a day before the
decision, 2025年3月12日), {product}, {qty}, {value} (货值, 元), {gain} (违法所得, 元).
License numbers use: {region} (the deciding department's region code), {abbr} (its short
region name, 沈 / 沈和 / 辽), {plate} (the city's plate prefix, 辽A), {year}, {yy}, {uscc},
{r2} … {r10} (random digits of that length), {d} (one random digit), {seq} (a number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.models import (
    EnforcementMeasure,
    LicenseCategory,
    MarketEntityKind,
    NationalSupervisionItem,
    PenaltyType,
    RecordKind,
    RegionLevel,
    SupervisionItem,
    SupervisionItemStatus,
)
from hub.reference import department_codes

if TYPE_CHECKING:
    from hub.demo.loader import DemoSummary

PUBLISHED = SupervisionItemStatus.PUBLISHED

KIND_ABBREVIATIONS = {
    RecordKind.LICENSE: "XK",
    RecordKind.INSPECTION: "JC",
    RecordKind.FILING: "BA",
    RecordKind.PENALTY: "CF",
    RecordKind.ENFORCEMENT: "QZ",
    RecordKind.BLACKLIST: "SX",
}

# The word in a decision number: 沈市监罚〔2025〕123号.
DECISION_WORDS = {
    RecordKind.LICENSE: "许",
    RecordKind.INSPECTION: "检",
    RecordKind.FILING: "备",
    RecordKind.PENALTY: "罚",
    RecordKind.ENFORCEMENT: "强",
    RecordKind.BLACKLIST: "失信",
}

DOCUMENT_NAMES = {
    RecordKind.LICENSE: "准予行政许可决定书",
    RecordKind.INSPECTION: "现场检查记录",
    RecordKind.FILING: "备案通知书",
    RecordKind.PENALTY: "行政处罚决定书",
    RecordKind.ENFORCEMENT: "实施行政强制措施决定书",
    RecordKind.BLACKLIST: "列入严重违法失信名单决定书",
}


@dataclass(frozen=True, slots=True)
class LicenseSpec:
    category: LicenseCategory
    certificate: str
    number: str
    contents: tuple[str, ...]
    valid_years: int | None


@dataclass(frozen=True, slots=True)
class InspectionSpec:
    problems: tuple[str, ...]
    handling: tuple[str, ...] = (
        "责令当场改正",
        "下达责令改正通知书，责令限期十日内改正",
        "责令限期改正，已复查，整改到位",
        "约谈负责人，督促落实主体责任",
    )


@dataclass(frozen=True, slots=True)
class FilingSpec:
    contents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PenaltySpec:
    violation_type: str
    facts: str
    basis: str
    types: tuple[tuple[PenaltyType, ...], ...]
    fine: tuple[int, int] | None  # 元
    products: tuple[str, ...] = ("相关商品",)
    license_name: str | None = None


@dataclass(frozen=True, slots=True)
class EnforcementSpec:
    measure: EnforcementMeasure
    content: str
    products: tuple[str, ...]
    days: int = 30


@dataclass(frozen=True, slots=True)
class BlacklistSpec:
    reason: str
    serious: bool
    document_name: str
    decision_word: str


Detail = LicenseSpec | InspectionSpec | FilingSpec | PenaltySpec | EnforcementSpec | BlacklistSpec


@dataclass(frozen=True, slots=True)
class SubItem:
    name: str
    detail: Detail
    industries: tuple[str, ...] = ()  # empty: every industry
    legal_basis: str | None = None  # None: the main item's
    weight: float = 1.0
    entity_kinds: tuple[MarketEntityKind, ...] = ()  # empty: every kind
    status: SupervisionItemStatus = PUBLISHED
    # Decided by the authority the entity registered with (its own region's 231), not by
    # any department above it: registration, its filings, the list of abnormal operations.
    by_registration_authority: bool = False


@dataclass(frozen=True, slots=True)
class MainItem:
    kind: RecordKind
    name: str
    legal_basis: str
    subs: tuple[SubItem, ...]
    status: SupervisionItemStatus = PUBLISHED


E = MarketEntityKind.ENTERPRISE
IB = MarketEntityKind.INDIVIDUAL_BUSINESS
FC = MarketEntityKind.FARMER_COOPERATIVE
P = PenaltyType
L, INS, F, PEN, ENF, BL = (
    RecordKind.LICENSE,
    RecordKind.INSPECTION,
    RecordKind.FILING,
    RecordKind.PENALTY,
    RecordKind.ENFORCEMENT,
    RecordKind.BLACKLIST,
)

FOOD_SHOPS = ("catering", "food_retail")
CONSUMER = (
    "catering", "food_retail", "retail", "hotel", "pharmacy", "personal_services",
    "entertainment", "auto_repair",
)  # fmt: skip
SPECIAL_EQUIPMENT = ("machinery", "chemical", "hotel", "real_estate", "fuel", "food_production")
POLLUTERS = ("machinery", "chemical", "food_production", "auto_repair")
FOODS = ("牛奶", "面包", "火腿肠", "饮料", "速冻水饺", "酸奶", "方便面", "月饼", "熟食制品", "饼干")

FOOD_SAFETY_LAW = "《中华人民共和国食品安全法》"
PRODUCT_QUALITY_LAW = "《中华人民共和国产品质量法》"
SPECIAL_EQUIPMENT_LAW = "《中华人民共和国特种设备安全法》"
REGISTRATION_REGULATION = "《中华人民共和国市场主体登记管理条例》"
WORK_SAFETY_LAW = "《中华人民共和国安全生产法》"
DRUG_LAW = "《中华人民共和国药品管理法》"

MARKET_SUPERVISION: tuple[MainItem, ...] = (
    MainItem(L, "市场主体登记", f"{REGISTRATION_REGULATION}第三条", (
        SubItem("设立登记", LicenseSpec(
            LicenseCategory.REGISTRATION, "营业执照", "{uscc}",
            ("准予设立登记，核发营业执照",), None), weight=3, by_registration_authority=True),
        SubItem("变更登记", LicenseSpec(
            LicenseCategory.REGISTRATION, "营业执照", "{uscc}",
            ("准予变更登记（住所变更）", "准予变更登记（法定代表人变更）",
             "准予变更登记（经营范围变更）", "准予变更登记（注册资本变更）"), None), weight=3,
            by_registration_authority=True),
    )),
    MainItem(L, "食品经营许可", f"{FOOD_SAFETY_LAW}第三十五条", (
        SubItem("食品经营许可（餐饮服务）", LicenseSpec(
            LicenseCategory.GENERAL, "食品经营许可证", "JY2{region}{r6}{d}",
            ("主体业态：餐饮服务经营者；经营项目：热食类食品制售、冷食类食品制售",
             "主体业态：餐饮服务经营者；经营项目：热食类食品制售",
             "主体业态：餐饮服务经营者（小型）；经营项目：热食类食品制售、糕点类食品制售"), 5),
            industries=("catering",), weight=4),
        SubItem("食品经营许可（食品销售）", LicenseSpec(
            LicenseCategory.GENERAL, "食品经营许可证", "JY1{region}{r6}{d}",
            ("主体业态：食品销售经营者；经营项目：散装食品（含冷藏冷冻食品）销售",
             "主体业态：食品销售经营者（网络经营）；经营项目：散装食品（不含冷藏冷冻食品）销售、"
             "保健食品销售"), 5),
            industries=("food_retail", "pharmacy"), weight=3),
    )),
    MainItem(L, "食品生产许可", f"{FOOD_SAFETY_LAW}第三十五条；《食品生产许可管理办法》第二条", (
        SubItem("食品生产许可（新办）", LicenseSpec(
            LicenseCategory.GENERAL, "食品生产许可证", "SC1{r2}{region}{r4}{d}",
            ("食品类别：粮食加工品；糕点", "食品类别：饮料；方便食品",
             "食品类别：肉制品；速冻食品", "食品类别：调味品；酒类"), 5),
            industries=("food_production",)),
        SubItem("食品生产许可（变更）", LicenseSpec(
            LicenseCategory.GENERAL, "食品生产许可证", "SC1{r2}{region}{r4}{d}",
            ("变更事项：生产场所改建，增加生产线", "变更事项：增加食品类别（糕点）"), 5),
            industries=("food_production",), weight=0.5),
    )),
    MainItem(L, "药品经营许可", f"{DRUG_LAW}第五十一条", (
        SubItem("药品经营许可（零售）", LicenseSpec(
            LicenseCategory.GENERAL, "药品经营许可证", "辽CB{r7}",
            ("经营范围：中药饮片、中成药、化学药制剂、生物制品（除疫苗）",
             "经营范围：中成药、化学药制剂、抗生素制剂"), 5),
            industries=("pharmacy",)),
    )),
    MainItem(L, "特种设备使用登记", f"{SPECIAL_EQUIPMENT_LAW}第三十三条", (
        SubItem("电梯使用登记", LicenseSpec(
            LicenseCategory.REGISTRATION, "特种设备使用登记证", "梯11{plate}{r5}({yy})",
            ("设备类别：曳引驱动乘客电梯", "设备类别：自动扶梯", "设备类别：液压驱动货梯"),
            None), industries=("real_estate", "hotel", "retail"), entity_kinds=(E,)),
        SubItem("锅炉使用登记", LicenseSpec(
            LicenseCategory.REGISTRATION, "特种设备使用登记证", "锅11{plate}{r5}({yy})",
            ("设备类别：承压蒸汽锅炉", "设备类别：承压热水锅炉"), None),
            industries=("food_production", "chemical", "hotel"), entity_kinds=(E,)),
        SubItem("压力容器使用登记", LicenseSpec(
            LicenseCategory.REGISTRATION, "特种设备使用登记证", "容3{plate}{r5}({yy})",
            ("设备类别：固定式压力容器", "设备类别：储气罐"), None),
            industries=("chemical", "machinery", "fuel")),
    )),
    MainItem(L, "工业产品生产许可", "《中华人民共和国工业产品生产许可证管理条例》第二条", (
        SubItem("工业产品生产许可（危险化学品）", LicenseSpec(
            LicenseCategory.GENERAL, "全国工业产品生产许可证", "(辽)XK13-{r3}-{r5}",
            ("产品名称：危险化学品（涂料）", "产品名称：危险化学品（工业用甲醇）"), 5),
            industries=("chemical",)),
        SubItem("工业产品生产许可（电线电缆）", LicenseSpec(
            LicenseCategory.GENERAL, "全国工业产品生产许可证", "(辽)XK06-{r3}-{r5}",
            ("产品名称：电线电缆（低压电力电缆）",), 5), industries=("machinery",)),
    )),
    MainItem(L, "个体工商户营业执照（旧版换发）", f"{REGISTRATION_REGULATION}第三条", (
        SubItem("个体工商户营业执照换发", LicenseSpec(
            LicenseCategory.REGISTRATION, "营业执照", "{uscc}", ("换发营业执照",), None),
            status=SupervisionItemStatus.RETIRED),
    ), status=SupervisionItemStatus.RETIRED),
    MainItem(INS, "食品安全监督检查", f"{FOOD_SAFETY_LAW}第一百一十条", (
        SubItem("餐饮服务食品安全监督检查", InspectionSpec((
            "后厨地面有积水，防蝇防鼠设施不完善", "部分从业人员未规范佩戴工作帽、口罩",
            "冷藏冷冻设施温度记录不全", "食品原料未分类分架、离墙离地存放",
            "餐饮具清洗消毒记录不完整")), industries=("catering",), weight=5),
        SubItem("食品销售环节监督检查", InspectionSpec((
            "临近保质期食品未集中陈列并作出醒目提示", "进货查验记录不完整",
            "散装食品标识信息不全", "发现少量超过保质期的食品，已当场下架")),
            industries=("food_retail", "pharmacy"), weight=4),
        SubItem("食品生产企业监督检查", InspectionSpec((
            "原料进货查验记录不全", "生产车间卫生管理制度落实不到位", "出厂检验记录缺失")),
            industries=("food_production",)),
    )),
    MainItem(INS, "产品质量监督检查", f"{PRODUCT_QUALITY_LAW}第十五条", (
        SubItem("生产领域产品质量监督抽查", InspectionSpec((
            "抽检样品标识不符合标准要求", "抽检样品检验结论为不合格", "未能提供产品出厂检验记录")),
            industries=("machinery", "chemical")),
        SubItem("流通领域商品质量抽查", InspectionSpec((
            "抽检样品标识不符合标准要求", "抽检样品检验结论为不合格", "未能提供产品合格证明")),
            industries=("retail", "food_retail", "fuel"), weight=2),
    )),
    MainItem(INS, "特种设备安全监督检查", f"{SPECIAL_EQUIPMENT_LAW}第五十七条", (
        SubItem("电梯安全监督检查", InspectionSpec((
            "电梯维护保养记录不全", "电梯安全管理人员证书过期", "电梯应急救援电话无人接听")),
            industries=("real_estate", "hotel", "retail"), entity_kinds=(E,)),
        SubItem("锅炉压力容器安全监督检查", InspectionSpec((
            "安全阀未按期校验", "特种设备作业人员证书过期", "未建立特种设备安全技术档案")),
            industries=("chemical", "machinery", "food_production", "fuel")),
    )),
    MainItem(INS, "企业公示信息抽查", "《企业信息公示暂行条例》第十四条", (
        SubItem("企业年度报告公示信息抽查", InspectionSpec((
            "公示的年度报告中住所信息与实际不符", "公示的从业人数信息与实际不符",
            "公示的联系电话无法接通")), weight=6, entity_kinds=(E, FC)),
        SubItem("个体工商户年度报告抽查", InspectionSpec((
            "年度报告中经营场所信息与实际不符", "年度报告中从业人数信息与实际不符")),
            weight=3, entity_kinds=(IB,)),
    )),
    MainItem(INS, "价格监督检查", "《中华人民共和国价格法》第三十三条", (
        SubItem("明码标价检查", InspectionSpec(("部分商品未明码标价", "价签标示内容不全")),
            industries=CONSUMER, weight=2),
    )),
    MainItem(INS, "药品零售监督检查", f"{DRUG_LAW}第九十九条", (
        SubItem("药品零售企业监督检查", InspectionSpec((
            "处方药未凭处方销售", "温湿度监测记录不完整", "执业药师不在岗时未挂牌告知")),
            industries=("pharmacy",)),
    )),
    MainItem(INS, "网络交易监督检查", "《网络交易监督管理办法》第三十五条", (
        SubItem("网络经营主体亮照亮证检查", InspectionSpec(("未在网店首页显著位置公示营业执照信息",)),
            status=SupervisionItemStatus.DRAFT),
    ), status=SupervisionItemStatus.DRAFT),
    MainItem(F, "市场主体备案", f"{REGISTRATION_REGULATION}第九条", (
        SubItem("董事、监事、高级管理人员备案", FilingSpec((
            "备案事项：董事会成员变更", "备案事项：监事变更", "备案事项：经理变更")),
            entity_kinds=(E,), weight=2, by_registration_authority=True),
        SubItem("章程备案", FilingSpec(("备案事项：公司章程修正案",)), entity_kinds=(E,),
                by_registration_authority=True),
        SubItem("登记联络员备案", FilingSpec(("备案事项：登记联络员变更",)), entity_kinds=(E, FC),
                by_registration_authority=True),
        SubItem("清算组备案", FilingSpec(("备案事项：清算组成员及负责人",)), entity_kinds=(E,),
                legal_basis=f"{REGISTRATION_REGULATION}第三十二条", weight=0.2,
                by_registration_authority=True),
    )),
    MainItem(F, "食品经营备案", f"{FOOD_SAFETY_LAW}第三十五条", (
        SubItem("仅销售预包装食品备案", FilingSpec((
            "备案内容：仅销售预包装食品（含冷藏冷冻食品）", "备案内容：仅销售预包装食品（不含冷藏冷冻食品）")),
            industries=("food_retail", "pharmacy", "retail"), weight=2),
    )),
    MainItem(PEN, "食品安全违法行为的行政处罚", FOOD_SAFETY_LAW, (
        SubItem("对经营超过保质期食品的处罚", PenaltySpec(
            "经营超过保质期的食品",
            "经查，当事人于{date}在其经营场所销售超过保质期的{product}共{qty}件，货值金额{value}元，"
            "违法所得{gain}元。上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。",
            f"{FOOD_SAFETY_LAW}第一百二十四条第一款第（五）项",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),
             (P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE)), (2_000, 50_000), FOODS),
            industries=FOOD_SHOPS, weight=4),
        SubItem("对未取得食品经营许可从事食品经营活动的处罚", PenaltySpec(
            "未取得食品经营许可从事食品经营活动",
            "经查，当事人自{date}起未取得食品经营许可证，在{address}从事食品经营活动，"
            "货值金额{value}元，违法所得{gain}元，违反了《中华人民共和国食品安全法》第三十五条第一款的规定。",
            f"{FOOD_SAFETY_LAW}第一百二十二条第一款",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.FINE),), (5_000, 100_000), FOODS),
            industries=FOOD_SHOPS, weight=2),
        SubItem("对未按规定查验记录进货的处罚", PenaltySpec(
            "未按规定建立并遵守进货查验记录制度",
            "经查，当事人于{date}购进{product}等食品时，未查验供货者的许可证和食品出厂检验合格证明，"
            "未建立进货查验记录，违反了《中华人民共和国食品安全法》第五十三条第一款的规定。",
            f"{FOOD_SAFETY_LAW}第一百二十六条第一款第（三）项",
            ((P.WARNING,), (P.WARNING, P.FINE)), (5_000, 50_000), FOODS),
            industries=FOOD_SHOPS, weight=2),
        SubItem("对安排未取得健康证明人员从事接触直接入口食品工作的处罚", PenaltySpec(
            "安排未取得健康证明的人员从事接触直接入口食品的工作",
            "经查，当事人于{date}安排{qty}名未取得健康证明的人员从事接触直接入口食品的工作，"
            "违反了《中华人民共和国食品安全法》第四十五条第二款的规定。",
            f"{FOOD_SAFETY_LAW}第一百二十六条第一款第（六）项",
            ((P.WARNING,), (P.WARNING, P.FINE)), (5_000, 20_000)),
            industries=("catering",), weight=2),
        SubItem("对经营标签不符合规定的预包装食品的处罚", PenaltySpec(
            "经营标签不符合规定的预包装食品",
            "经查，当事人于{date}销售的{product}共{qty}件，标签未标注生产者名称和地址，货值金额{value}元，"
            "违反了《中华人民共和国食品安全法》第六十七条第一款的规定。",
            f"{FOOD_SAFETY_LAW}第一百二十五条第一款第（二）项",
            ((P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),), (5_000, 50_000), FOODS),
            industries=("food_retail",)),
        SubItem("对经营不符合食品安全标准的食品的处罚", PenaltySpec(
            "经营不符合食品安全标准的食品",
            "经抽样检验，当事人于{date}销售的{product}菌落总数项目不符合食品安全国家标准，货值金额{value}元，"
            "违法所得{gain}元，违反了《中华人民共和国食品安全法》第三十四条第（二）项的规定。",
            f"{FOOD_SAFETY_LAW}第一百二十四条第一款第（一）项",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),
             (P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE,
              P.LICENSE_SUSPENSION_OR_REVOCATION)), (50_000, 200_000), FOODS,
            license_name="食品经营许可证"),
            industries=("food_retail", "food_production"), weight=0.5),
    )),
    MainItem(PEN, "产品质量违法行为的行政处罚", PRODUCT_QUALITY_LAW, (
        SubItem("对销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的处罚",
            PenaltySpec(
                "销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品",
                "经抽样检验，当事人于{date}销售的{product}经检验不合格，共{qty}件，货值金额{value}元，"
                "违法所得{gain}元，违反了《中华人民共和国产品质量法》第十三条的规定。",
                f"{PRODUCT_QUALITY_LAW}第四十九条",
                ((P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),
                 (P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE)),
                (3_000, 100_000),
                ("电热水壶", "儿童玩具", "插座", "电动自行车头盔", "LED灯具", "车用汽油", "保温杯")),
            industries=("retail", "fuel", "machinery"), weight=2),
        SubItem("对在产品中以次充好的处罚", PenaltySpec(
            "在产品中掺杂、掺假，以次充好",
            "经查，当事人于{date}起销售的{product}以不合格产品冒充合格产品，共{qty}件，货值金额{value}元，"
            "违反了《中华人民共和国产品质量法》第三十九条的规定。",
            f"{PRODUCT_QUALITY_LAW}第五十条",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),),
            (10_000, 150_000), ("建筑用钢材", "电线", "机械配件", "润滑油")),
            industries=("retail", "machinery")),
    )),
    MainItem(PEN, "价格违法行为的行政处罚", "《中华人民共和国价格法》", (
        SubItem("对不执行明码标价规定的处罚", PenaltySpec(
            "不执行明码标价规定",
            "经查，当事人于{date}在其经营场所销售的{product}等{qty}种商品未按规定明码标价，"
            "违反了《中华人民共和国价格法》第十三条第一款的规定。",
            "《中华人民共和国价格法》第四十二条", ((P.WARNING,), (P.FINE,)), (500, 5_000),
            ("蔬菜", "水果", "日用品", "菜品", "服务项目")),
            industries=CONSUMER, weight=2),
    )),
    MainItem(PEN, "广告违法行为的行政处罚", "《中华人民共和国广告法》", (
        SubItem("对发布虚假广告的处罚", PenaltySpec(
            "发布虚假广告",
            "经查，当事人自{date}起在其经营场所宣传册及微信公众号发布含有“{product}”等内容的广告，"
            "无法提供证明材料，广告费用{value}元，违反了《中华人民共和国广告法》第二十八条的规定。",
            "《中华人民共和国广告法》第五十五条第一款",
            ((P.FINE,), (P.FINE, P.CONFISCATION_OF_ILLEGAL_GAINS)), (10_000, 200_000),
            ("三天见效", "百分之百有效", "全市最低价", "国家级产品", "无效退款")),
            industries=(*CONSUMER, "tech"), weight=1),
    )),
    MainItem(PEN, "不正当竞争行为的行政处罚", "《中华人民共和国反不正当竞争法》", (
        SubItem("对虚假商业宣传的处罚", PenaltySpec(
            "对商品作虚假或者引人误解的商业宣传",
            "经查，当事人自{date}起在电商平台店铺宣传其{product}“销量全省第一”，无事实依据，"
            "违反了《中华人民共和国反不正当竞争法》第八条第一款的规定。",
            "《中华人民共和国反不正当竞争法》第二十条第一款", ((P.FINE,),), (200_000, 1_000_000),
            ("产品", "服务", "课程")),
            industries=("retail", "tech", "food_production"), weight=0.3),
    )),
    MainItem(PEN, "特种设备违法行为的行政处罚", SPECIAL_EQUIPMENT_LAW, (
        SubItem("对使用特种设备未按照规定办理使用登记的处罚", PenaltySpec(
            "使用特种设备未按照规定办理使用登记",
            "经查，当事人自{date}起使用的{product}{qty}台未按照规定办理使用登记，经责令限期改正，"
            "逾期未改正，违反了《中华人民共和国特种设备安全法》第三十三条的规定。",
            f"{SPECIAL_EQUIPMENT_LAW}第八十三条第（一）项", ((P.FINE,),), (10_000, 100_000),
            ("锅炉", "压力容器", "电梯", "叉车")),
            industries=SPECIAL_EQUIPMENT, entity_kinds=(E,)),
        SubItem("对使用未经定期检验的特种设备的处罚", PenaltySpec(
            "使用未经定期检验的特种设备",
            "经查，当事人于{date}使用的{product}{qty}台超过检验有效期未申报定期检验，"
            "违反了《中华人民共和国特种设备安全法》第四十条第三款的规定。",
            f"{SPECIAL_EQUIPMENT_LAW}第八十四条第（一）项",
            ((P.FINE,), (P.FINE, P.SUSPENSION_OF_BUSINESS)), (30_000, 300_000),
            ("锅炉", "压力容器", "电梯")),
            industries=SPECIAL_EQUIPMENT, entity_kinds=(E,)),
    )),
    MainItem(PEN, "登记违法行为的行政处罚", REGISTRATION_REGULATION, (
        SubItem("对未将营业执照置于醒目位置的处罚", PenaltySpec(
            "未将营业执照置于住所或者主要经营场所的醒目位置",
            "经查，当事人于{date}未将营业执照置于其经营场所醒目位置，经责令改正拒不改正，"
            "违反了《中华人民共和国市场主体登记管理条例》第三十六条的规定。",
            f"{REGISTRATION_REGULATION}第四十八条第一款", ((P.FINE,),), (1_000, 30_000)),
            weight=0.5),
        SubItem("对提交虚假材料取得市场主体登记的处罚", PenaltySpec(
            "提交虚假材料取得市场主体登记",
            "经查，当事人于{date}申请变更登记时提交了虚假的住所使用证明，取得了变更登记，"
            "违反了《中华人民共和国市场主体登记管理条例》第十七条的规定。",
            f"{REGISTRATION_REGULATION}第四十四条", ((P.FINE,),), (50_000, 200_000)),
            entity_kinds=(E,), weight=0.3),
    )),
    MainItem(ENF, "查封、扣押", "《中华人民共和国行政强制法》第九条", (
        SubItem("扣押不符合食品安全标准的食品", EnforcementSpec(
            EnforcementMeasure.SEIZURE, "扣押涉嫌不符合食品安全标准的{product}{qty}件",
            FOODS), industries=("catering", "food_retail", "food_production"),
            legal_basis=f"{FOOD_SAFETY_LAW}第一百一十条第（四）项", weight=3),
        SubItem("查封、扣押不符合标准的产品", EnforcementSpec(
            EnforcementMeasure.SEIZURE, "扣押涉嫌不合格的{product}{qty}件",
            ("电线", "插座", "儿童玩具", "建筑用钢材")), industries=("retail", "machinery"),
            legal_basis=f"{PRODUCT_QUALITY_LAW}第十八条"),
        SubItem("查封存在严重事故隐患的特种设备", EnforcementSpec(
            EnforcementMeasure.SEALING_UP, "查封存在严重事故隐患的{product}{qty}台",
            ("锅炉", "压力容器", "电梯")), industries=SPECIAL_EQUIPMENT, entity_kinds=(E,),
            legal_basis=f"{SPECIAL_EQUIPMENT_LAW}第六十一条"),
        SubItem("查封无照经营场所", EnforcementSpec(
            EnforcementMeasure.SEALING_UP, "查封涉嫌从事无照经营的场所及{product}",
            ("经营工具", "原料")), legal_basis="《无证无照经营查处办法》第十一条", weight=0.3),
    )),
    MainItem(BL, "经营异常名录管理", "《企业信息公示暂行条例》第十七条", (
        SubItem("列入经营异常名录（未按规定公示年度报告）", BlacklistSpec(
            "未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告", False,
            "列入经营异常名录决定书", "异"), entity_kinds=(E, FC), weight=3,
            by_registration_authority=True),
        SubItem("列入经营异常名录（通过登记的住所无法联系）", BlacklistSpec(
            "通过登记的住所或者经营场所无法联系", False, "列入经营异常名录决定书", "异"),
            entity_kinds=(E, FC), weight=2, by_registration_authority=True),
    )),
    MainItem(BL, "严重违法失信名单管理", "《市场监督管理严重违法失信名单管理办法》第二条", (
        SubItem("列入严重违法失信名单（食品安全领域）", BlacklistSpec(
            "因生产经营不符合食品安全标准的食品受到较重行政处罚", True,
            "列入严重违法失信名单决定书", "失信"), industries=("food_retail", "food_production")),
        SubItem("列入严重违法失信名单（产品质量领域）", BlacklistSpec(
            "因销售不合格产品受到较重行政处罚", True, "列入严重违法失信名单决定书", "失信"),
            industries=("retail", "machinery", "fuel")),
        SubItem("列入严重违法失信名单（虚假广告）", BlacklistSpec(
            "因发布虚假广告受到较重行政处罚", True, "列入严重违法失信名单决定书", "失信"),
            industries=CONSUMER, weight=0.5),
    )),
)  # fmt: skip

ECOLOGY: tuple[MainItem, ...] = (
    MainItem(L, "排污许可", "《排污许可管理条例》第二条", (
        SubItem("排污许可证核发", LicenseSpec(
            LicenseCategory.GENERAL, "排污许可证", "{uscc}001P",
            ("行业类别：金属制品业；排放污染物种类：颗粒物、挥发性有机物",
             "行业类别：食品制造业；排放污染物种类：化学需氧量、氨氮",
             "行业类别：化学原料和化学制品制造业；排放污染物种类：二氧化硫、氮氧化物"), 5),
            industries=("machinery", "chemical", "food_production")),
    )),
    MainItem(L, "建设项目环境影响评价审批", "《中华人民共和国环境影响评价法》第二十二条", (
        SubItem("环境影响报告表审批", LicenseSpec(
            LicenseCategory.APPROVAL, "建设项目环境影响报告表批复", "{abbr}环审〔{year}〕{seq}号",
            ("同意该项目按照报告表所列性质、规模、地点和环境保护措施进行建设",), None),
            industries=POLLUTERS),
    )),
    MainItem(INS, "污染源日常监督检查", "《中华人民共和国环境保护法》第二十四条", (
        SubItem("固定污染源双随机抽查", InspectionSpec((
            "污染防治设施运行记录不完整", "危险废物贮存场所标识不规范", "自行监测数据未按规定公开")),
            industries=POLLUTERS, weight=3),
        SubItem("排污许可证执行情况检查", InspectionSpec((
            "未按排污许可证规定的频次开展自行监测", "排污口标志牌设置不规范")),
            industries=("machinery", "chemical", "food_production")),
    )),
    MainItem(F, "突发环境事件应急预案备案", "《企业事业单位突发环境事件应急预案备案管理办法（试行）》第二条", (
        SubItem("企业突发环境事件应急预案备案", FilingSpec(("备案内容：突发环境事件应急预案（一般环境风险）",
                                                      "备案内容：突发环境事件应急预案（较大环境风险）")),
                industries=("chemical", "machinery", "fuel")),
    )),
    MainItem(PEN, "环境违法行为的行政处罚", "《中华人民共和国环境保护法》第五十九条", (
        SubItem("对超过排放标准排放大气污染物的处罚", PenaltySpec(
            "超过大气污染物排放标准排放大气污染物",
            "经监测，当事人于{date}排放的废气中{product}浓度超过排放标准，"
            "违反了《中华人民共和国大气污染防治法》第十八条的规定。",
            "《中华人民共和国大气污染防治法》第九十九条第（二）项", ((P.FINE,),),
            (100_000, 1_000_000), ("颗粒物", "挥发性有机物", "氮氧化物")),
            industries=("machinery", "chemical", "food_production")),
        SubItem("对超标排放水污染物的处罚", PenaltySpec(
            "超过水污染物排放标准排放水污染物",
            "经监测，当事人于{date}排放的废水中{product}浓度超过排放标准，"
            "违反了《中华人民共和国水污染防治法》第十条的规定。",
            "《中华人民共和国水污染防治法》第八十三条第（二）项", ((P.FINE,),),
            (100_000, 1_000_000), ("化学需氧量", "氨氮", "总磷")),
            industries=("chemical", "food_production")),
        SubItem("对未按规定贮存危险废物的处罚", PenaltySpec(
            "未按照国家环境保护标准贮存危险废物",
            "经查，当事人于{date}将{product}露天堆放，未按照规定设置危险废物贮存场所，"
            "违反了《中华人民共和国固体废物污染环境防治法》第八十一条的规定。",
            "《中华人民共和国固体废物污染环境防治法》第一百一十二条", ((P.FINE,),),
            (100_000, 1_000_000), ("废机油", "废活性炭", "废漆渣")),
            industries=POLLUTERS),
    )),
    MainItem(ENF, "查封、扣押造成污染物排放的设施、设备", "《中华人民共和国环境保护法》第二十五条", (
        SubItem("查封超标排放污染物的设施", EnforcementSpec(
            EnforcementMeasure.SEALING_UP, "查封{product}{qty}套", ("废气处理设施", "生产设备")),
            industries=("machinery", "chemical", "food_production")),
    )),
)  # fmt: skip

HEALTH: tuple[MainItem, ...] = (
    MainItem(L, "公共场所卫生许可", "《公共场所卫生管理条例》第八条", (
        SubItem("公共场所卫生许可（新办）", LicenseSpec(
            LicenseCategory.GENERAL, "公共场所卫生许可证", "{abbr}卫公证字〔{year}〕第{r6}号",
            ("许可项目：住宿", "许可项目：美容美发", "许可项目：沐浴"), 4),
            industries=("hotel", "personal_services"), weight=2),
    )),
    MainItem(L, "医疗机构执业许可", "《医疗机构管理条例》第十五条", (
        SubItem("医疗机构执业登记", LicenseSpec(
            LicenseCategory.GENERAL, "医疗机构执业许可证", "PDY{r5}{region}{r5}",
            ("诊疗科目：口腔科", "诊疗科目：中医科", "诊疗科目：内科；外科"), 5),
            industries=("clinic",)),
    )),
    MainItem(INS, "公共场所卫生监督检查", "《公共场所卫生管理条例》第十条", (
        SubItem("住宿场所卫生监督检查", InspectionSpec((
            "从业人员健康合格证明未及时更新", "公共用品用具消毒记录不全", "卫生许可证未悬挂于醒目位置")),
            industries=("hotel",)),
        SubItem("美容美发场所卫生监督检查", InspectionSpec((
            "美容美发工具未做到一客一消毒", "从业人员健康合格证明过期")),
            industries=("personal_services",)),
    )),
    MainItem(INS, "医疗机构依法执业检查", "《医疗机构管理条例》第四十条", (
        SubItem("医疗机构依法执业检查", InspectionSpec((
            "病历书写不规范", "医疗废物分类收集不规范", "部分医务人员未按规定注册执业地点")),
            industries=("clinic",)),
    )),
    MainItem(F, "诊所备案", "《医疗机构管理条例》第十五条", (
        SubItem("诊所执业备案", FilingSpec(("备案内容：诊所执业备案（中医诊所）", "备案内容：诊所执业备案（口腔诊所）")),
                industries=("clinic",)),
    )),
    MainItem(PEN, "卫生健康违法行为的行政处罚", "《公共场所卫生管理条例》", (
        SubItem("对公共场所从业人员未取得有效健康合格证明上岗的处罚", PenaltySpec(
            "安排未获得有效健康合格证明的从业人员直接为顾客服务",
            "经查，当事人于{date}安排{qty}名未取得有效健康合格证明的从业人员从事直接为顾客服务的工作，"
            "违反了《公共场所卫生管理条例实施细则》第十条的规定。",
            "《公共场所卫生管理条例实施细则》第三十八条", ((P.WARNING, P.FINE),), (500, 5_000)),
            industries=("hotel", "personal_services"), weight=2),
        SubItem("对未依法取得公共场所卫生许可证擅自营业的处罚", PenaltySpec(
            "未依法取得公共场所卫生许可证擅自营业",
            "经查，当事人自{date}起未取得公共场所卫生许可证擅自营业，"
            "违反了《公共场所卫生管理条例》第八条的规定。",
            "《公共场所卫生管理条例实施细则》第三十五条", ((P.WARNING, P.FINE),), (500, 30_000)),
            industries=("hotel", "personal_services")),
        SubItem("对未取得医疗机构执业许可证擅自执业的处罚", PenaltySpec(
            "未取得医疗机构执业许可证擅自执业",
            "经查，当事人自{date}起未取得医疗机构执业许可证，在{address}开展诊疗活动，违法所得{gain}元，"
            "违反了《医疗机构管理条例》第十四条的规定。",
            "《中华人民共和国基本医疗卫生与健康促进法》第九十九条",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),),
            (50_000, 200_000), ("药品和医疗器械",)), industries=("clinic",), weight=0.5),
    )),
)  # fmt: skip

TRANSPORT: tuple[MainItem, ...] = (
    MainItem(L, "道路运输经营许可", "《中华人民共和国道路运输条例》第二十四条", (
        SubItem("道路普通货物运输经营许可", LicenseSpec(
            LicenseCategory.GENERAL, "道路运输经营许可证", "辽交运管许可{abbr}字{region}{r6}号",
            ("经营范围：道路普通货物运输", "经营范围：道路普通货物运输、货物专用运输（集装箱）"), 4),
            industries=("transport",)),
    )),
    MainItem(INS, "道路运输监督检查", "《中华人民共和国道路运输条例》第五十九条", (
        SubItem("道路货物运输企业监督检查", InspectionSpec((
            "车辆动态监控记录不全", "驾驶员从业资格证过期", "车辆技术档案不完整")),
            industries=("transport",), weight=2),
        SubItem("机动车维修企业监督检查", InspectionSpec((
            "维修竣工出厂合格证管理不规范", "维修档案不完整", "未公示维修工时定额和收费标准")),
            industries=("auto_repair",)),
    )),
    MainItem(F, "机动车维修经营备案", "《中华人民共和国道路运输条例》第四十条", (
        SubItem("机动车维修经营备案", FilingSpec(("备案类别：二类机动车维修（小型车辆维修）",
                                           "备案类别：三类机动车维修（轮胎动平衡及修补）")),
                industries=("auto_repair",)),
    )),
    MainItem(PEN, "道路运输违法行为的行政处罚", "《中华人民共和国道路运输条例》", (
        SubItem("对未取得道路运输经营许可擅自从事道路普通货物运输经营的处罚", PenaltySpec(
            "未取得道路运输经营许可擅自从事道路普通货物运输经营",
            "经查，当事人于{date}未取得道路运输经营许可，使用{qty}辆货车从事道路普通货物运输经营，"
            "违法所得{gain}元，违反了《中华人民共和国道路运输条例》第二十四条的规定。",
            "《中华人民共和国道路运输条例》第六十三条",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.FINE), (P.FINE,)), (5_000, 50_000)),
            industries=("transport",)),
        SubItem("对货运车辆超限运输的处罚", PenaltySpec(
            "车货总质量超过公路限定标准行驶",
            "经查，当事人所属货车于{date}在公路上行驶时车货总质量超过限定标准{qty}吨，"
            "违反了《公路安全保护条例》第三十三条的规定。",
            "《公路安全保护条例》第六十四条", ((P.FINE,),), (500, 30_000)),
            industries=("transport",), weight=2),
    )),
    MainItem(ENF, "暂扣违法运输车辆", "《中华人民共和国道路运输条例》第六十五条", (
        SubItem("暂扣无道路运输证的车辆", EnforcementSpec(
            EnforcementMeasure.SEIZURE, "暂扣无车辆营运证的{product}{qty}辆", ("货车", "厢式货车"),
            days=15), industries=("transport",)),
    )),
)  # fmt: skip

EMERGENCY: tuple[MainItem, ...] = (
    MainItem(L, "危险化学品经营许可", "《危险化学品安全管理条例》第三十三条", (
        SubItem("危险化学品经营许可证核发", LicenseSpec(
            LicenseCategory.GENERAL, "危险化学品经营许可证", "辽{abbr}危化经字〔{year}〕{r6}",
            ("经营方式：零售；许可范围：汽油、柴油", "经营方式：批发（无仓储）；许可范围：甲醇、乙醇"), 3),
            industries=("fuel", "chemical")),
    )),
    MainItem(L, "安全生产许可", "《安全生产许可证条例》第二条", (
        SubItem("危险化学品生产企业安全生产许可", LicenseSpec(
            LicenseCategory.GENERAL, "安全生产许可证", "（辽）WH安许证字〔{year}〕{r4}",
            ("许可范围：涂料生产", "许可范围：工业用甲醇生产"), 3), industries=("chemical",)),
    )),
    MainItem(INS, "安全生产执法检查", f"{WORK_SAFETY_LAW}第六十五条", (
        SubItem("工贸企业安全生产执法检查", InspectionSpec((
            "安全生产教育和培训记录不全", "应急预案未按规定组织演练", "安全警示标志设置不规范",
            "事故隐患排查治理台账不完整")),
            industries=("machinery", "food_production", "construction"), weight=2),
        SubItem("危险化学品企业安全生产执法检查", InspectionSpec((
            "特种作业人员未持证上岗", "重大危险源监测监控系统运行不正常", "危险化学品储存未分区分类")),
            industries=("chemical", "fuel")),
    )),
    MainItem(F, "生产安全事故应急预案备案", "《生产安全事故应急预案管理办法》第二十六条", (
        SubItem("生产经营单位应急预案备案", FilingSpec(("备案内容：综合应急预案、专项应急预案和现场处置方案",)),
                industries=("chemical", "fuel", "machinery", "construction")),
    )),
    MainItem(PEN, "安全生产违法行为的行政处罚", WORK_SAFETY_LAW, (
        SubItem("对未按规定对从业人员进行安全生产教育和培训的处罚", PenaltySpec(
            "未按照规定对从业人员进行安全生产教育和培训",
            "经查，当事人于{date}有{qty}名从业人员未经安全生产教育和培训即上岗作业，"
            "违反了《中华人民共和国安全生产法》第二十八条第一款的规定。",
            f"{WORK_SAFETY_LAW}第九十七条第（三）项", ((P.FINE,),), (10_000, 100_000)),
            industries=("machinery", "chemical", "construction", "fuel")),
        SubItem("对未采取措施消除事故隐患的处罚", PenaltySpec(
            "未采取措施消除事故隐患",
            "经查，当事人于{date}被责令消除的{product}事故隐患，逾期未采取措施消除，"
            "违反了《中华人民共和国安全生产法》第四十一条第二款的规定。",
            f"{WORK_SAFETY_LAW}第一百零二条", ((P.FINE,), (P.FINE, P.SUSPENSION_OF_BUSINESS)),
            (50_000, 100_000), ("电气线路老化", "粉尘防爆", "有限空间作业")),
            industries=("machinery", "chemical", "construction", "food_production")),
    )),
    MainItem(ENF, "查封、扣押不符合保障安全生产标准的设施、设备、器材",
             f"{WORK_SAFETY_LAW}第六十五条第一款第（四）项", (
        SubItem("查封存在重大事故隐患的设施、设备", EnforcementSpec(
            EnforcementMeasure.SEALING_UP, "查封存在重大事故隐患的{product}{qty}台（套）",
            ("反应釜", "除尘设备", "储罐")), industries=("chemical", "machinery", "fuel")),
    )),
    MainItem(BL, "安全生产严重失信主体名单管理", "《安全生产严重失信主体名单管理办法》第二条", (
        SubItem("列入安全生产严重失信主体名单", BlacklistSpec(
            "发生生产安全责任事故受到较重行政处罚", True, "列入安全生产严重失信主体名单决定书", "失信"),
            industries=("chemical", "construction", "machinery", "fuel")),
    )),
)  # fmt: skip

AGRICULTURE: tuple[MainItem, ...] = (
    MainItem(L, "农药经营许可", "《农药管理条例》第二十四条", (
        SubItem("农药经营许可证核发", LicenseSpec(
            LicenseCategory.GENERAL, "农药经营许可证", "农药经许（辽）{region}{r5}",
            ("经营范围：农药（不含限制使用农药）",), 5), industries=("agri_inputs",)),
    )),
    MainItem(L, "农作物种子生产经营许可", "《中华人民共和国种子法》第三十一条", (
        SubItem("农作物种子生产经营许可证核发", LicenseSpec(
            LicenseCategory.GENERAL, "农作物种子生产经营许可证", "D({abbr})农种许字（{year}）第{r4}号",
            ("生产经营范围：玉米、水稻（常规种）",), 5),
            industries=("agri_inputs", "agriculture"), entity_kinds=(E,)),
    )),
    MainItem(INS, "农业投入品和农产品质量安全检查", "《农药管理条例》第四十一条", (
        SubItem("农药经营单位监督检查", InspectionSpec((
            "农药经营台账记录不全", "部分农药未按规定分区存放", "未按规定向购买人询问病虫害发生情况")),
            industries=("agri_inputs",)),
        SubItem("农产品生产经营者质量安全检查", InspectionSpec((
            "农产品生产记录不完整", "未按规定开具承诺达标合格证")), industries=("agriculture",),
            legal_basis="《中华人民共和国农产品质量安全法》第五十二条", weight=2),
    )),
    MainItem(F, "农作物种子销售备案", "《中华人民共和国种子法》第三十八条", (
        SubItem("专门经营不再分装的包装种子备案", FilingSpec(("备案内容：经营不再分装的包装种子（玉米、大豆）",)),
                industries=("agri_inputs",)),
    )),
    MainItem(PEN, "农业违法行为的行政处罚", "《农药管理条例》", (
        SubItem("对未取得农药经营许可证经营农药的处罚", PenaltySpec(
            "未取得农药经营许可证经营农药",
            "经查，当事人自{date}起未取得农药经营许可证，在{address}销售{product}等农药，货值金额{value}元，"
            "违法所得{gain}元，违反了《农药管理条例》第二十四条的规定。",
            "《农药管理条例》第五十五条第一款第（一）项",
            ((P.CONFISCATION_OF_ILLEGAL_GAINS, P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),),
            (5_000, 50_000), ("除草剂", "杀虫剂", "杀菌剂")), industries=("agri_inputs",)),
        SubItem("对经营劣质农药的处罚", PenaltySpec(
            "经营劣质农药",
            "经抽样检验，当事人于{date}销售的{product}有效成分含量不符合产品质量标准，货值金额{value}元，"
            "违反了《农药管理条例》第四十四条的规定。",
            "《农药管理条例》第五十六条",
            ((P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.FINE),), (2_000, 20_000),
            ("除草剂", "杀虫剂")), industries=("agri_inputs",)),
    )),
    MainItem(ENF, "查封、扣押违法农药", "《农药管理条例》第四十一条第（四）项", (
        SubItem("扣押涉嫌违法经营的农药", EnforcementSpec(
            EnforcementMeasure.SEIZURE, "扣押涉嫌劣质的{product}{qty}箱", ("除草剂", "杀虫剂")),
            industries=("agri_inputs",)),
    )),
)  # fmt: skip

HOUSING: tuple[MainItem, ...] = (
    MainItem(L, "建筑工程施工许可", "《中华人民共和国建筑法》第七条", (
        SubItem("建筑工程施工许可证核发", LicenseSpec(
            LicenseCategory.GENERAL, "建筑工程施工许可证", "{region}{year}{r4}0101",
            ("工程名称：住宅楼及地下车库工程", "工程名称：厂房建设工程", "工程名称：综合楼改造工程"),
            None), industries=("construction", "real_estate"), weight=2),
    )),
    MainItem(L, "建筑业企业资质", "《中华人民共和国建筑法》第十三条", (
        SubItem("施工总承包三级资质核准", LicenseSpec(
            LicenseCategory.ACCREDITATION, "建筑业企业资质证书", "D2{r8}",
            ("资质类别及等级：建筑工程施工总承包三级", "资质类别及等级：市政公用工程施工总承包三级"), 5),
            industries=("construction",)),
    )),
    MainItem(INS, "建设工程监督检查", "《建设工程安全生产管理条例》第四十三条", (
        SubItem("在建项目施工安全检查", InspectionSpec((
            "脚手架搭设不规范", "临边防护不到位", "施工现场扬尘治理措施落实不到位", "特种作业人员未持证上岗")),
            industries=("construction",), weight=2),
        SubItem("房地产开发项目质量检查", InspectionSpec((
            "商品房预售资金监管资料不全", "分户验收资料不完整")), industries=("real_estate",),
            legal_basis="《建设工程质量管理条例》第四十八条"),
    )),
    MainItem(F, "建设工程竣工验收备案", "《建设工程质量管理条例》第四十九条", (
        SubItem("房屋建筑工程竣工验收备案", FilingSpec(("备案内容：住宅楼工程竣工验收", "备案内容：厂房工程竣工验收")),
                industries=("real_estate", "construction")),
    )),
    MainItem(PEN, "建设工程违法行为的行政处罚", "《中华人民共和国建筑法》", (
        SubItem("对未取得施工许可证擅自施工的处罚", PenaltySpec(
            "未取得施工许可证擅自施工",
            "经查，当事人于{date}在未取得施工许可证的情况下擅自开工建设{product}，"
            "违反了《中华人民共和国建筑法》第七条的规定。",
            "《中华人民共和国建筑法》第六十四条；《建设工程质量管理条例》第五十七条",
            ((P.FINE,),), (10_000, 500_000), ("住宅楼", "厂房", "仓库")),
            industries=("construction", "real_estate")),
        SubItem("对施工工地未采取有效防尘降尘措施的处罚", PenaltySpec(
            "施工工地未采取有效防尘降尘措施",
            "经查，当事人于{date}在施工工地{product}未覆盖，未采取有效防尘降尘措施，"
            "违反了《中华人民共和国大气污染防治法》第六十九条的规定。",
            "《中华人民共和国大气污染防治法》第一百一十五条", ((P.FINE,),), (10_000, 100_000),
            ("裸露土方", "建筑垃圾", "砂石料")), industries=("construction",), weight=2),
    )),
)  # fmt: skip

CULTURE: tuple[MainItem, ...] = (
    MainItem(L, "文化和旅游经营许可", "《娱乐场所管理条例》第九条", (
        SubItem("娱乐场所经营许可", LicenseSpec(
            LicenseCategory.GENERAL, "娱乐经营许可证", "{region}{r6}",
            ("经营范围：歌舞娱乐场所", "经营范围：游艺娱乐场所"), 2), industries=("entertainment",)),
        SubItem("互联网上网服务营业场所经营许可", LicenseSpec(
            LicenseCategory.GENERAL, "网络文化经营许可证", "辽网文〔{year}〕{r4}-{r3}号",
            ("经营范围：互联网上网服务",), 3), industries=("entertainment",),
            legal_basis="《互联网上网服务营业场所管理条例》第十条"),
        SubItem("旅行社业务经营许可", LicenseSpec(
            LicenseCategory.GENERAL, "旅行社业务经营许可证", "L-LN-{r5}",
            ("经营范围：境内旅游业务和入境旅游业务",), None), industries=("tourism",),
            legal_basis="《旅行社条例》第六条"),
    )),
    MainItem(INS, "文化市场综合执法检查", "《娱乐场所管理条例》第三十四条", (
        SubItem("娱乐和上网服务场所检查", InspectionSpec((
            "未按规定核对、登记上网消费者有效身份证件", "营业场所未悬挂未成年人禁入标志",
            "监控录像资料保存不足30日")), industries=("entertainment",), weight=2),
        SubItem("旅行社经营行为检查", InspectionSpec((
            "未按规定与旅游者签订书面旅游合同", "未按规定投保旅行社责任险")), industries=("tourism",),
            legal_basis="《旅行社条例》第四十一条"),
    )),
    MainItem(PEN, "文化和旅游违法行为的行政处罚", "《互联网上网服务营业场所管理条例》", (
        SubItem("对互联网上网服务营业场所接纳未成年人的处罚", PenaltySpec(
            "互联网上网服务营业场所接纳未成年人进入",
            "经查，当事人于{date}接纳{qty}名未成年人进入其营业场所上网，"
            "违反了《互联网上网服务营业场所管理条例》第二十一条的规定。",
            "《互联网上网服务营业场所管理条例》第三十一条第（二）项",
            ((P.WARNING,), (P.WARNING, P.FINE)), (1_000, 15_000)), industries=("entertainment",)),
        SubItem("对旅行社未与旅游者签订旅游合同的处罚", PenaltySpec(
            "旅行社未与旅游者签订旅游合同",
            "经查，当事人于{date}组织{qty}名旅游者出游，未与旅游者签订书面旅游合同，"
            "违反了《旅行社条例》第二十八条的规定。",
            "《旅行社条例》第五十五条第（二）项", ((P.FINE,),), (20_000, 100_000)),
            industries=("tourism",)),
    )),
)  # fmt: skip

DRUGS: tuple[MainItem, ...] = (
    MainItem(L, "药品经营许可（批发）", f"{DRUG_LAW}第五十一条", (
        SubItem("药品批发企业许可", LicenseSpec(
            LicenseCategory.GENERAL, "药品经营许可证", "辽AA{r7}",
            ("经营范围：中成药、化学药制剂、抗生素制剂、生化药品",), 5),
            industries=("pharmacy",), entity_kinds=(E,)),
    )),
    MainItem(INS, "药品经营监督检查", f"{DRUG_LAW}第九十九条", (
        SubItem("药品经营企业飞行检查", InspectionSpec((
            "冷链药品运输温度记录不完整", "计算机系统未能有效控制处方药销售", "首营企业资质审核资料不全")),
            industries=("pharmacy",)),
    )),
    MainItem(PEN, "药品违法行为的行政处罚", DRUG_LAW, (
        SubItem("对销售劣药的处罚", PenaltySpec(
            "销售劣药",
            "经抽样检验，当事人于{date}销售的{product}含量测定项目不符合药品标准，为劣药，货值金额{value}元，"
            "违法所得{gain}元，违反了《中华人民共和国药品管理法》第九十八条第一款的规定。",
            f"{DRUG_LAW}第一百一十七条第一款",
            ((P.CONFISCATION_OF_ILLEGAL_PROPERTY, P.CONFISCATION_OF_ILLEGAL_GAINS, P.FINE),),
            (100_000, 500_000), ("板蓝根颗粒", "维生素C片", "感冒清热颗粒")),
            industries=("pharmacy",)),
        SubItem("对未遵守药品经营质量管理规范的处罚", PenaltySpec(
            "未遵守药品经营质量管理规范",
            "经查，当事人于{date}未按照药品经营质量管理规范对{product}进行验收和储存，"
            "违反了《中华人民共和国药品管理法》第五十三条第一款的规定。",
            f"{DRUG_LAW}第一百二十六条", ((P.WARNING,), (P.WARNING, P.FINE)),
            (100_000, 500_000), ("冷藏药品", "中药饮片")), industries=("pharmacy",)),
    )),
    MainItem(ENF, "查封、扣押有证据证明可能危害人体健康的药品", f"{DRUG_LAW}第一百条第二款", (
        SubItem("扣押涉嫌劣药", EnforcementSpec(
            EnforcementMeasure.SEIZURE, "扣押涉嫌劣药{product}{qty}盒", ("板蓝根颗粒", "维生素C片")),
            industries=("pharmacy",)),
    )),
)  # fmt: skip

# Drafts a department is still preparing (not yet citable by records): the housing one
# already names the national item it will implement, and stays a gap until published.
HOUSING_DRAFTS: tuple[MainItem, ...] = (
    MainItem(INS, "住房租赁市场监督检查", "《住房租赁条例》第三十二条", (
        SubItem("住房租赁企业经营行为检查", InspectionSpec((
            "未按规定备案住房租赁合同", "发布的房源信息与实际不符")), industries=("real_estate",),
            status=SupervisionItemStatus.DRAFT),
    ), status=SupervisionItemStatus.DRAFT),
)  # fmt: skip
AGRICULTURE_DRAFTS: tuple[MainItem, ...] = (
    MainItem(INS, "兽药经营监督检查", "《兽药管理条例》第四十四条", (
        SubItem("兽药经营企业监督检查", InspectionSpec((
            "兽药购销记录不完整", "未按规定储存兽药")), industries=("agri_inputs",),
            status=SupervisionItemStatus.DRAFT),
    ), status=SupervisionItemStatus.DRAFT),
)  # fmt: skip

CATALOGUE: dict[str, tuple[MainItem, ...]] = {
    "231": MARKET_SUPERVISION,
    "301": ECOLOGY,
    "302": HEALTH,
    "303": TRANSPORT,
    "304": EMERGENCY,
    "305": AGRICULTURE + AGRICULTURE_DRAFTS,
    "306": HOUSING + HOUSING_DRAFTS,
    "307": CULTURE,
    "308": DRUGS,
}

# Internal units (机构) of each department: province departments have 处, the others 科.
COMMON_UNITS = ("办公室", "政策法规{unit}", "行政审批{unit}")
UNITS: dict[str, tuple[str, ...]] = {
    "231": ("登记注册{unit}", "信用监督管理{unit}", "食品经营安全监督管理{unit}",
            "产品质量安全监督管理{unit}", "特种设备安全监察{unit}", "价格监督检查和反不正当竞争{unit}",
            "执法稽查{unit}"),
    "301": ("环境影响评价与排放管理{unit}", "大气环境{unit}", "水生态环境{unit}", "生态环境执法{unit}"),
    "302": ("医政医管{unit}", "疾病预防控制{unit}", "综合监督{unit}"),
    "303": ("运输服务{unit}", "安全监督{unit}", "综合执法{unit}"),
    "304": ("危险化学品安全监督管理{unit}", "安全生产基础{unit}", "执法监督{unit}"),
    "305": ("种植业管理{unit}", "农产品质量安全监管{unit}", "农业综合执法{unit}"),
    "306": ("建筑市场监管{unit}", "工程质量安全监管{unit}", "房地产市场监管{unit}"),
    "307": ("市场管理{unit}", "资源开发{unit}", "文化市场综合执法{unit}"),
    "308": ("药品流通监管{unit}", "医疗器械监管{unit}", "稽查{unit}"),
}  # fmt: skip
# A unit with sub-units (parent → children), in city and county market supervision only.
ENFORCEMENT_TEAM = "综合行政执法大队"
ENFORCEMENT_SQUADS = ("第一执法中队", "第二执法中队", "第三执法中队")


# --- 国家监管事项目录: an excerpt of the national catalogue --------------------------------------
# Codes: two digits for the issuing ministry, two for the kind of supervision, four for the
# item. The same items are the example files of examples/catalogue/ (a test keeps them
# equal); items no demo department implements show up as gaps (应上尽上).

ALL_LEVELS = ("省级", "市级", "县级")
UPPER_LEVELS = ("省级", "市级")
PROVINCE_ONLY = ("省级",)

SAMR = "国家市场监督管理总局"
MEE = "生态环境部"
NHC = "国家卫生健康委员会"
MOT = "交通运输部"
MEM = "应急管理部"
MOA = "农业农村部"
MOHURD = "住房和城乡建设部"
MCT = "文化和旅游部"
NMPA = "国家药品监督管理局"


@dataclass(frozen=True, slots=True)
class NationalItem:
    code: str
    name: str
    kind: RecordKind
    ministry: str
    levels: tuple[str, ...]
    # (law, article, text) — the law without its book-title marks.
    bases: tuple[tuple[str, str, str], ...]


FSL = "中华人民共和国食品安全法"
PQL = "中华人民共和国产品质量法"
SEL = "中华人民共和国特种设备安全法"
WSL = "中华人民共和国安全生产法"

NATIONAL_ITEMS: tuple[NationalItem, ...] = (
    NationalItem("30010001", "食品经营许可", L, SAMR, ALL_LEVELS, (
        (FSL, "第三十五条第一款", "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。"),)),
    NationalItem("30010002", "食品生产许可", L, SAMR, UPPER_LEVELS, (
        (FSL, "第三十五条第一款", "国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。"),
        ("食品生产许可管理办法", "第二条", "在中华人民共和国境内，从事食品生产活动，应当依法取得食品生产许可。"))),
    NationalItem("30010003", "特种设备使用登记", L, SAMR, ALL_LEVELS, (
        (SEL, "第三十三条", "特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，向负责特种设备安全监督管理的部门办理使用登记，取得使用登记证书。"),)),
    NationalItem("30010004", "工业产品生产许可", L, SAMR, PROVINCE_ONLY, (
        ("中华人民共和国工业产品生产许可证管理条例", "第二条", "国家对生产重要工业产品的企业实行生产许可证制度。"),)),
    NationalItem("30010005", "市场主体登记", L, SAMR, ALL_LEVELS, (
        ("中华人民共和国市场主体登记管理条例", "第三条", "市场主体应当依照本条例办理登记。未经登记，不得以市场主体名义从事经营活动。"),)),
    NationalItem("30020001", "对食品生产经营者的监督检查", INS, SAMR, ALL_LEVELS, (
        (FSL, "第一百一十条", "县级以上人民政府食品安全监督管理部门履行食品安全监督管理职责，有权采取下列措施，对生产经营者遵守本法的情况进行监督检查。"),)),
    NationalItem("30020002", "产品质量监督抽查", INS, SAMR, ALL_LEVELS, (
        (PQL, "第十五条", "国家对产品质量实行以抽查为主要方式的监督检查制度。"),)),
    NationalItem("30020003", "特种设备安全监督检查", INS, SAMR, ALL_LEVELS, (
        (SEL, "第五十七条", "负责特种设备安全监督管理的部门依照本法规定，对特种设备生产、经营、使用单位和检验、检测机构实施监督检查。"),)),
    NationalItem("30020004", "企业公示信息抽查", INS, SAMR, ALL_LEVELS, (
        ("企业信息公示暂行条例", "第十四条", "国务院工商行政管理部门和省、自治区、直辖市人民政府工商行政管理部门应当按照公平规范的要求，根据企业注册号等随机摇号，确定抽查的企业，组织对企业公示信息的情况进行检查。"),)),
    NationalItem("30020005", "价格监督检查", INS, SAMR, ALL_LEVELS, (
        ("中华人民共和国价格法", "第三十三条", "县级以上各级人民政府价格主管部门，依法对价格活动进行监督检查，并依照本法的规定对价格违法行为实施行政处罚。"),)),
    NationalItem("30020006", "计量监督检查", INS, SAMR, ALL_LEVELS, (
        ("中华人民共和国计量法", "第十八条", "县级以上人民政府计量行政部门应当依法对制造、修理、销售、进口和使用计量器具，以及计量检定等相关计量活动进行监督检查。"),)),
    NationalItem("30020007", "广告监督检查", INS, SAMR, ALL_LEVELS, (
        ("中华人民共和国广告法", "第四十九条", "市场监督管理部门履行广告监督管理职责，可以行使下列职权。"),)),
    NationalItem("30030001", "对食品安全违法行为的行政处罚", PEN, SAMR, ALL_LEVELS, (
        (FSL, "第一百二十二条", "违反本法规定，未取得食品生产经营许可从事食品生产经营活动……由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的食品。"),
        (FSL, "第一百二十四条", "违反本法规定，有下列情形之一，尚不构成犯罪的，由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的食品、食品添加剂。"))),
    NationalItem("30030002", "对产品质量违法行为的行政处罚", PEN, SAMR, ALL_LEVELS, (
        (PQL, "第四十九条", "生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的，责令停止生产、销售，没收违法生产、销售的产品。"),)),
    NationalItem("30030003", "对广告违法行为的行政处罚", PEN, SAMR, ALL_LEVELS, (
        ("中华人民共和国广告法", "第五十五条", "违反本法规定，发布虚假广告的，由市场监督管理部门责令停止发布广告，责令广告主在相应范围内消除影响。"),)),
    NationalItem("30040001", "查封、扣押与违法行为有关的财物", ENF, SAMR, ALL_LEVELS, (
        ("中华人民共和国行政强制法", "第九条", "行政强制措施的种类：（一）限制公民人身自由；（二）查封场所、设施或者财物；（三）扣押财物。"),)),
    NationalItem("30050001", "仅销售预包装食品备案", F, SAMR, ALL_LEVELS, (
        (FSL, "第三十五条第一款", "仅销售预包装食品的，不需要取得许可，但是应当报所在地县级以上地方人民政府食品安全监督管理部门备案。"),)),
    NationalItem("30060001", "列入严重违法失信名单", BL, SAMR, ALL_LEVELS, (
        ("市场监督管理严重违法失信名单管理办法", "第二条", "当事人违反法律、行政法规，性质恶劣、情节严重、社会危害较大，受到市场监督管理部门较重行政处罚的，由市场监督管理部门依照本办法规定列入严重违法失信名单。"),)),
    NationalItem("18010001", "排污许可", L, MEE, UPPER_LEVELS, (
        ("排污许可管理条例", "第二条", "依照法律规定实行排污许可管理的企业事业单位和其他生产经营者，应当依照本条例规定申请取得排污许可证。"),)),
    NationalItem("18020001", "污染源日常环境监管", INS, MEE, UPPER_LEVELS, (
        ("中华人民共和国环境保护法", "第二十四条", "县级以上人民政府环境保护主管部门及其委托的环境监察机构和其他负有环境保护监督管理职责的部门，有权对排放污染物的企业事业单位和其他生产经营者进行现场检查。"),)),
    NationalItem("24020001", "公共场所卫生监督检查", INS, NHC, ALL_LEVELS, (
        ("公共场所卫生管理条例", "第十条", "各级卫生防疫机构，负责管辖范围内的公共场所卫生监督工作。"),)),
    NationalItem("24020002", "医疗机构依法执业监督检查", INS, NHC, ALL_LEVELS, (
        ("医疗机构管理条例", "第四十条", "县级以上人民政府卫生行政部门行使医疗机构监督管理职权。"),)),
    NationalItem("21020001", "道路运输经营监督检查", INS, MOT, ALL_LEVELS, (
        ("中华人民共和国道路运输条例", "第五十九条", "道路运输管理机构应当加强对道路运输及相关业务的监督检查。"),)),
    NationalItem("31020001", "安全生产执法检查", INS, MEM, ALL_LEVELS, (
        (WSL, "第六十五条", "应急管理部门和其他负有安全生产监督管理职责的部门依法开展安全生产行政执法工作，对生产经营单位执行有关安全生产的法律、法规和国家标准或者行业标准的情况进行监督检查。"),)),
    NationalItem("31010001", "危险化学品经营许可", L, MEM, UPPER_LEVELS, (
        ("危险化学品安全管理条例", "第三十三条", "国家对危险化学品经营（包括仓储经营）实行许可制度。未经许可，任何单位和个人不得经营危险化学品。"),)),
    NationalItem("23010001", "农药经营许可", L, MOA, ALL_LEVELS, (
        ("农药管理条例", "第二十四条", "国家实行农药经营许可制度，但经营卫生用农药的除外。"),)),
    NationalItem("23020001", "农产品质量安全监督检查", INS, MOA, ALL_LEVELS, (
        ("中华人民共和国农产品质量安全法", "第五十二条", "县级以上地方人民政府农业农村主管部门和市场监督管理等部门应当建立健全农产品质量安全全程监督管理协作机制。"),)),
    NationalItem("19010001", "建筑工程施工许可", L, MOHURD, ALL_LEVELS, (
        ("中华人民共和国建筑法", "第七条", "建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。"),)),
    NationalItem("19020001", "住房租赁市场监督检查", INS, MOHURD, ALL_LEVELS, (
        ("住房租赁条例", "第三十二条", "县级以上地方人民政府住房城乡建设主管部门应当加强住房租赁活动的监督检查。"),)),
    NationalItem("25020001", "文化市场综合执法检查", INS, MCT, ALL_LEVELS, (
        ("娱乐场所管理条例", "第三十四条", "文化主管部门、公安部门和其他有关部门应当依法对娱乐场所进行监督检查。"),)),
    NationalItem("32020001", "药品经营监督检查", INS, NMPA, PROVINCE_ONLY, (
        ("中华人民共和国药品管理法", "第九十九条", "药品监督管理部门应当依照法律、法规的规定对药品研制、生产、经营和药品使用单位使用药品等活动进行监督检查。"),)),
)  # fmt: skip

# Which demo main item implements which national item: (department code, main item name).
NATIONAL_LINKS: dict[tuple[str, str], str] = {
    ("231", "食品经营许可"): "30010001",
    ("231", "食品生产许可"): "30010002",
    ("231", "特种设备使用登记"): "30010003",
    ("231", "工业产品生产许可"): "30010004",
    ("231", "市场主体登记"): "30010005",
    ("231", "食品安全监督检查"): "30020001",
    ("231", "产品质量监督检查"): "30020002",
    ("231", "特种设备安全监督检查"): "30020003",
    ("231", "企业公示信息抽查"): "30020004",
    ("231", "价格监督检查"): "30020005",
    ("231", "食品安全违法行为的行政处罚"): "30030001",
    ("231", "产品质量违法行为的行政处罚"): "30030002",
    ("231", "广告违法行为的行政处罚"): "30030003",
    ("231", "查封、扣押"): "30040001",
    ("231", "食品经营备案"): "30050001",
    ("231", "严重违法失信名单管理"): "30060001",
    ("301", "排污许可"): "18010001",
    ("301", "污染源日常监督检查"): "18020001",
    ("302", "公共场所卫生监督检查"): "24020001",
    ("302", "医疗机构依法执业检查"): "24020002",
    ("303", "道路运输监督检查"): "21020001",
    ("304", "安全生产执法检查"): "31020001",
    ("304", "危险化学品经营许可"): "31010001",
    ("305", "农药经营许可"): "23010001",
    ("305", "农业投入品和农产品质量安全检查"): "23020001",
    ("306", "建筑工程施工许可"): "19010001",
    ("306", "住房租赁市场监督检查"): "19020001",
    ("307", "文化市场综合执法检查"): "25020001",
    ("308", "药品经营监督检查"): "32020001",
}


# --- loading the national excerpt and the demo items' catalogue details ---------------------

# A fixed moment, so the demo rows stay deterministic.
CATALOGUE_LOADED_AT = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)
RETIREMENT_REASON = "营业执照已统一换发新版，该事项停止实施"
_CITATION = re.compile(r"^《(?P<law>[^》]+)》(?P<article>.*)$")


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def main_item_codes() -> dict[tuple[str, str], str]:
    """(department code, main item name) → the demo item's code (as the generator numbers
    them: 231-XK-001 …)."""
    codes: dict[tuple[str, str], str] = {}
    for department_code, mains in CATALOGUE.items():
        numbers: dict[RecordKind, int] = {}
        for main in mains:
            numbers[main.kind] = numbers.get(main.kind, 0) + 1
            abbreviation = KIND_ABBREVIATIONS[main.kind]
            codes[(department_code, main.name)] = (
                f"{department_code}-{abbreviation}-{numbers[main.kind]:03d}"
            )
    return codes


def bases_of(citations: str | None) -> list[dict[str, Any]]:
    """《法》第三条；《条例》 → structured legal bases (the demo's items carry citations only)."""
    bases = []
    for citation in (citations or "").split("；"):
        match = _CITATION.match(citation.strip())
        if match:
            article = match.group("article").strip() or None
            bases.append({"law": match.group("law"), "article": article, "text": None})
    return bases


def national_rows() -> list[dict[str, Any]]:
    rows = []
    for item in NATIONAL_ITEMS:
        bases = [
            {"law": law, "article": article, "text": text} for law, article, text in item.bases
        ]
        rows.append(
            {
                "code": item.code,
                "name": item.name,
                "record_kind": item.kind,
                "ministry": item.ministry,
                "legal_bases": bases,
                "legal_basis": "；".join(f"《{b['law']}》{b['article']}" for b in bases),
                "at_province": "省级" in item.levels,
                "at_city": "市级" in item.levels,
                "at_county": "县级" in item.levels,
            }
        )
    return rows


async def load_catalogue_demo(session: AsyncSession, summary: DemoSummary) -> None:
    """The national excerpt (missing codes inserted, present ones left alone) and, on the
    demo items, what the generator does not set: national links, levels (where the
    department code exists at fewer levels), structured legal bases, publication and
    retirement. Idempotent: only unset values are filled."""
    now = CATALOGUE_LOADED_AT
    national = _table(NationalSupervisionItem)
    rows = national_rows()
    present = set(
        (
            await session.scalars(
                select(national.c.code).where(national.c.code.in_([r["code"] for r in rows]))
            )
        ).all()
    )
    missing = [
        {**row, "created_at": now, "updated_at": now} for row in rows if row["code"] not in present
    ]
    if missing:
        await session.execute(insert(national), missing)
    codes_and_ids = await session.execute(select(national.c.code, national.c.id))
    national_ids: dict[str, int] = {str(row.code): int(row.id) for row in codes_and_ids}
    items = _table(SupervisionItem)
    codes = main_item_codes()
    for key, national_code in NATIONAL_LINKS.items():
        await session.execute(
            update(items)
            .where(items.c.code == codes[key], items.c.national_item_id.is_(None))
            .values(national_item_id=national_ids[national_code])
        )
    for code in department_codes():
        prefix = f"{code.code}-"
        absent = {
            "at_province": not code.exists_at(RegionLevel.PROVINCE),
            "at_city": not code.exists_at(RegionLevel.CITY),
            "at_county": not code.exists_at(RegionLevel.COUNTY),
        }
        for column, off in absent.items():
            if off:
                await session.execute(
                    update(items).where(items.c.code.startswith(prefix)).values({column: False})
                )
    demo_prefixes = tuple(f"{code}-" for code in CATALOGUE)
    result = await session.execute(
        select(items.c.id, items.c.code, items.c.legal_basis, items.c.legal_bases)
    )
    for item_id, code, citations, bases in result.all():
        if not bases and code.startswith(demo_prefixes):
            await session.execute(
                update(items).where(items.c.id == item_id).values(legal_bases=bases_of(citations))
            )
    await session.execute(
        update(items)
        .where(items.c.status == SupervisionItemStatus.PUBLISHED, items.c.published_at.is_(None))
        .values(published_at=items.c.created_at)
    )
    await session.execute(
        update(items)
        .where(items.c.status == SupervisionItemStatus.RETIRED, items.c.retired_at.is_(None))
        .values(retired_at=now, retirement_reason=RETIREMENT_REASON)
    )
    summary._add(NationalSupervisionItem, len(rows), len(missing))
