"""Chinese text material for demo data: person names, business names, streets, industries.

Names are composed from common words, so they read like real ones without copying any real
business; any resemblance to an existing registration is a coincidence of common words.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from hub.models import MarketEntityKind

# Common surnames, roughly by frequency, with some that are typical of the Northeast.
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴"
    "蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟"
    "邝那富"
)
# Weights favour the first (most common) surnames; cumulative, for random.choices.
_SURNAME_CUMULATIVE = tuple(
    itertools.accumulate(1.0 / (1 + index / 8) for index in range(len(SURNAMES)))
)

MALE_GIVEN_CHARACTERS = (
    "伟强磊军洋勇杰涛明超刚平辉鹏峰亮成立新春雷岩福贵祥喜庆兴胜利永长金宝德义全江山海波"
    "志国建东博文宇浩凯健俊帆帅旭龙鑫斌彬振宏伦继学民光晓子轩然铭涵昊睿"
)
FEMALE_GIVEN_CHARACTERS = (
    "芳娜敏静丽艳娟秀霞英华玉萍红娥玲芬燕欣婷雪琳晨佳怡颖丹蕾晶莉慧巍双凤兰桂香淑珍梅"
    "琴云倩璐瑶萱诗雨思月晓彤洁爽悦薇"
)


def person_name(rng: random.Random, *, male: bool | None = None) -> str:
    """A Chinese name: a common surname and one or two given-name characters."""
    if male is None:
        male = rng.random() < 0.5
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUMULATIVE)[0]
    characters = MALE_GIVEN_CHARACTERS if male else FEMALE_GIVEN_CHARACTERS
    length = 1 if rng.random() < 0.35 else 2
    return surname + "".join(rng.choice(characters) for _ in range(length))


# 字号: two-character trade names built from auspicious words, as Chinese businesses use.
TRADE_NAME_FIRST = "恒鑫华宏盛兴泰隆金瑞德嘉昌丰源达通裕祥博汇远航信诚安康永辰晟鼎益润浩锦凯宇"
TRADE_NAME_SECOND = "泰源达盛丰润通昌隆祥瑞诚信和邦业辉鼎泽成晟鑫宏海远川茂景利华兴发旺创瀚拓"


def trade_name(rng: random.Random) -> str:
    first = rng.choice(TRADE_NAME_FIRST)
    second = rng.choice(TRADE_NAME_SECOND)
    while second == first:
        second = rng.choice(TRADE_NAME_SECOND)
    return first + second


# Cooperatives favour rural words.
COOPERATIVE_TRADE_NAMES = (
    "丰禾", "绿源", "金穗", "沃土", "稻香", "田园", "富农", "兴农", "惠农", "青禾", "丰润",
    "禾丰", "金田", "瑞丰", "硕果", "满仓", "鑫农", "绿野", "山泉", "红果", "黑土", "沃野",
)  # fmt: skip

STREETS = (
    "中山路", "民主路", "建设大街", "解放路", "人民街", "胜利街", "青年大街", "北京街",
    "长江路", "黄河大街", "太原街", "南京街", "文化路", "兴工街", "卫工街", "新华路",
    "光明路", "和平路", "友谊街", "工农路", "育才街", "幸福街", "富民路", "振兴街", "滨河路",
    "迎宾路", "站前街", "东风路", "团结路", "繁荣街", "兴隆大街", "朝阳街", "新兴街", "长安路",
    "华山路", "泰山路", "松花江街", "鸭绿江街", "辽河路", "浑河大街", "北陵大街", "万柳塘路",
)  # fmt: skip

TOWNS = (
    "兴隆", "前进", "新华", "红旗", "胜利", "太平", "长青", "东升", "永安", "双河", "大屯",
    "三台子", "五里河", "高家", "王家", "李家", "靠山", "南岭", "北沟", "柳河", "榆树",
)  # fmt: skip
VILLAGES = (
    "前进", "新立", "东风", "红光", "向阳", "永丰", "长胜", "新民", "团结", "太平", "兴安",
    "双井", "后屯", "前屯", "三家子", "大泉眼", "小河沿", "东岗", "西岗", "平安",
)  # fmt: skip


def street_address(rng: random.Random, place: str) -> str:
    """辽宁省沈阳市和平区中山路123号 (place already names city and district)."""
    number = rng.randint(1, 399)
    suffix = "" if rng.random() < 0.6 else f"{rng.randint(1, 28)}-{rng.randint(1, 12)}"
    return f"辽宁省{place}{rng.choice(STREETS)}{number}号{suffix}"


def rural_address(rng: random.Random, place: str) -> str:
    return f"辽宁省{place}{rng.choice(TOWNS)}镇{rng.choice(VILLAGES)}村{rng.randint(1, 12)}组"


@dataclass(frozen=True, slots=True)
class Industry:
    """A line of business: what entities in it are called, do, and who supervises them."""

    key: str
    label: str  # stored in market_entities.industry
    weight: float
    kinds: tuple[tuple[MarketEntityKind, float], ...]
    enterprise_suffixes: tuple[str, ...]
    shop_suffixes: tuple[str, ...]
    cooperative_suffixes: tuple[str, ...]
    business_scope: str
    # Department codes (besides 231) whose items apply to businesses of this industry.
    departments: tuple[str, ...]
    capital_range: tuple[int, int]  # 万元, for enterprises
    consumer_facing: bool = False
    rural: bool = False


E = MarketEntityKind.ENTERPRISE
I = MarketEntityKind.INDIVIDUAL_BUSINESS  # noqa: E741
C = MarketEntityKind.FARMER_COOPERATIVE

INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "catering", "餐饮业", 14, ((E, 0.25), (I, 0.75)),
        ("餐饮管理有限公司", "餐饮有限公司", "饮食服务有限公司"),
        ("餐馆", "饭店", "小吃部", "烧烤店", "面馆", "饺子馆", "快餐店", "火锅店"), (),
        "餐饮服务；食品销售（仅销售预包装食品）；外卖递送服务", ("302",), (10, 500),
        consumer_facing=True,
    ),
    Industry(
        "food_retail", "食品零售", 12, ((E, 0.3), (I, 0.7)),
        ("商贸有限公司", "超市有限公司", "连锁超市有限公司"),
        ("便利店", "食杂店", "超市", "水果店", "粮油店", "副食店"), (),
        "食品销售；日用百货销售；烟草制品零售；农副产品销售", (), (10, 1000),
        consumer_facing=True,
    ),
    Industry(
        "food_production", "食品制造业", 4, ((E, 1.0),),
        ("食品有限公司", "食品加工有限公司", "酿造有限公司"), (), (),
        "食品生产；食品销售；粮食加工食品生产；农副产品销售", ("301",), (100, 5000),
    ),
    Industry(
        "machinery", "通用设备制造业", 5, ((E, 1.0),),
        ("机械制造有限公司", "机械设备有限公司", "重工有限公司", "精密机械有限公司"), (), (),
        "通用设备制造（不含特种设备制造）；机械零件、零部件加工；金属加工机械制造",
        ("301", "304"), (200, 20000),
    ),
    Industry(
        "chemical", "化学原料和化学制品制造业", 2, ((E, 1.0),),
        ("化工有限公司", "精细化工有限公司", "涂料有限公司"), (), (),
        "化工产品生产（不含许可类化工产品）；化工产品销售（不含许可类化工产品）",
        ("301", "304"), (500, 30000),
    ),
    Industry(
        "construction", "建筑业", 5, ((E, 1.0),),
        ("建筑工程有限公司", "建设工程有限公司", "建筑安装工程有限公司"), (), (),
        "建设工程施工；建筑劳务分包；住宅室内装饰装修；土石方工程施工", ("304", "306"),
        (500, 20000),
    ),
    Industry(
        "real_estate", "房地产业", 2, ((E, 1.0),),
        ("房地产开发有限公司", "置业有限公司", "物业管理有限公司"), (), (),
        "房地产开发经营；物业管理；住房租赁", ("306",), (1000, 50000),
    ),
    Industry(
        "transport", "道路运输业", 5, ((E, 0.7), (I, 0.3)),
        ("物流有限公司", "运输有限公司", "货运代理有限公司"), ("货运部", "运输队"), (),
        "道路货物运输（不含危险货物）；国内货物运输代理；装卸搬运", ("303",), (50, 3000),
    ),
    Industry(
        "pharmacy", "医药零售", 4, ((E, 0.6), (I, 0.4)),
        ("大药房有限公司", "医药连锁有限公司", "药房有限公司"), ("药店", "大药房"), (),
        "药品零售；第二类医疗器械销售；保健食品（预包装）销售", ("308",), (50, 1000),
        consumer_facing=True,
    ),
    Industry(
        "clinic", "卫生", 2, ((E, 0.5), (I, 0.5)),
        ("口腔门诊有限公司", "医疗管理有限公司", "中医门诊有限公司"), ("诊所", "口腔诊所"), (),
        "医疗服务；健康咨询服务（不含诊疗服务）", ("302",), (100, 2000),
        consumer_facing=True,
    ),
    Industry(
        "hotel", "住宿业", 3, ((E, 0.4), (I, 0.6)),
        ("酒店管理有限公司", "宾馆有限公司", "酒店有限公司"), ("旅馆", "宾馆", "旅店"), (),
        "住宿服务；餐饮服务；洗浴服务", ("302",), (50, 5000),
        consumer_facing=True,
    ),
    Industry(
        "entertainment", "文化娱乐业", 3, ((E, 0.6), (I, 0.4)),
        ("文化传媒有限公司", "娱乐有限公司", "网络科技有限公司"), ("网吧", "网咖", "歌厅"), (),
        "互联网上网服务；歌舞娱乐活动；组织文化艺术交流活动", ("307",), (30, 1000),
        consumer_facing=True,
    ),
    Industry(
        "tourism", "旅行社及相关服务", 1, ((E, 1.0),),
        ("国际旅行社有限公司", "旅行社有限公司", "旅游发展有限公司"), (), (),
        "旅游业务；票务代理服务；会议及展览服务", ("307",), (30, 1000),
        consumer_facing=True,
    ),
    Industry(
        "agriculture", "农业", 7, ((E, 0.15), (C, 0.85)),
        ("农业科技有限公司", "农业发展有限公司", "牧业有限公司"), (),
        ("种植专业合作社", "养殖专业合作社", "农机专业合作社", "果蔬专业合作社",
         "玉米种植专业合作社", "生猪养殖专业合作社", "食用菌种植专业合作社"),
        "谷物种植；蔬菜种植；牲畜饲养；农业机械服务；农产品的生产、销售、加工、运输、贮藏",
        ("305",), (50, 2000), rural=True,
    ),
    Industry(
        "agri_inputs", "农资销售", 3, ((E, 0.3), (I, 0.7)),
        ("农资有限公司", "种业有限公司"), ("农资商店", "农资经销部", "种子商店"), (),
        "农药零售（不含危险化学品）；化肥销售；农作物种子经营（仅限不再分装的包装种子）",
        ("305",), (30, 1000), rural=True,
    ),
    Industry(
        "auto_repair", "汽车维修", 4, ((E, 0.4), (I, 0.6)),
        ("汽车维修有限公司", "汽车服务有限公司"), ("汽车修理部", "汽修厂", "轮胎店"), (),
        "机动车修理和维护；汽车零配件零售；洗车服务", ("301", "303"), (10, 500),
        consumer_facing=True,
    ),
    Industry(
        "retail", "零售业", 10, ((E, 0.25), (I, 0.75)),
        ("商贸有限公司", "贸易有限公司", "电器有限公司"),
        ("五金店", "服装店", "日杂店", "家电商行", "建材商店", "手机店", "眼镜店"), (),
        "日用百货销售；服装服饰零售；五金产品零售；家用电器销售；建筑材料销售", (), (10, 500),
        consumer_facing=True,
    ),
    Industry(
        "personal_services", "居民服务业", 6, ((E, 0.2), (I, 0.8)),
        ("美容美发有限公司", "洗浴有限公司", "家政服务有限公司"),
        ("理发店", "美容院", "洗衣店", "浴池", "照相馆"), (),
        "理发服务；生活美容服务；洗染服务；家政服务", ("302",), (10, 300),
        consumer_facing=True,
    ),
    Industry(
        "tech", "软件和信息技术服务业", 5, ((E, 1.0),),
        ("科技有限公司", "信息技术有限公司", "软件有限公司", "网络科技有限公司"), (), (),
        "软件开发；信息技术咨询服务；信息系统集成服务；技术服务、技术开发", (), (100, 5000),
    ),
    Industry(
        "fuel", "燃料零售", 1, ((E, 1.0),),
        ("石油销售有限公司", "能源有限公司", "燃气有限公司"), (), (),
        "成品油零售（限危险化学品）；燃气经营；润滑油销售", ("304",), (300, 5000),
    ),
)  # fmt: skip

INDUSTRIES_BY_KEY = {industry.key: industry for industry in INDUSTRIES}
