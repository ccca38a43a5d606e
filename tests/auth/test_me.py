"""me: the signed-in account, its department, permissions and menu, for the demo accounts."""

from __future__ import annotations

import pytest

from hub.auth.permissions import MENU, Permission
from hub.demo import DEMO_PASSWORD
from tests.auth.conftest import ME, HubFactory

ALL_MENU = [item.key for item in MENU]


@pytest.mark.parametrize(
    ("account", "user", "department", "menu", "region_administrator"),
    [
        ("2100002310001", "刘志刚", "辽宁省市场监督管理局", ALL_MENU, True),
        ("2101002310001", "张丽华", "沈阳市市场监督管理局", ALL_MENU, True),
        (
            "2101002310006",
            "王晓明",
            "沈阳市市场监督管理局",
            [
                "home",
                "records",
                "publication",
                "query",
                "inspections",
                "linkage",
                "complaints",
                "statistics",
            ],
            False,
        ),
        (
            "2101022310006",
            "李静",
            "沈阳市和平区市场监督管理局",
            ["home", "records", "publication", "inspections", "linkage", "complaints"],
            False,
        ),
        (
            "2101003020001",
            "孙建国",
            "沈阳市卫生健康委员会",
            [
                "home",
                "records",
                "publication",
                "accounts",
                "permissions",
                "catalogue",
                "inspections",
                "linkage",
                "complaints",
                "risk",
                "audit",
            ],
            False,
        ),
        (
            "2102002310006",
            "林浩",
            "大连市市场监督管理局",
            ["home", "records", "publication", "inspections", "linkage", "complaints"],
            False,
        ),
    ],
)
async def test_me_and_the_menu_of_demo_accounts(
    make_hub: HubFactory,
    account: str,
    user: str,
    department: str,
    menu: list[str],
    region_administrator: bool,
) -> None:
    hub = await make_hub()
    token = (await hub.signed_in(account, DEMO_PASSWORD))["accessToken"]
    me = (await hub.data(ME, token=token))["me"]
    assert me["accountNumber"] == account
    assert me["userName"] == user
    assert me["department"]["name"] == department
    assert me["department"]["regionCode"] == account[:6]
    assert me["department"]["code"] == account[6:9]
    assert [item["key"] for item in me["menu"]] == menu
    assert me["isRegionAdministrator"] is region_administrator
    assert me["isDepartmentAdministrator"] is account.endswith("0001")
    assert me["passwordChangeRequired"] is False
    # the menu follows the permissions
    held = set(me["permissions"])
    for item in me["menu"]:
        assert item["permission"] is None or item["permission"] in held
    assert item["title"]


async def test_permissions_are_listed_in_their_declared_order(make_hub: HubFactory) -> None:
    hub = await make_hub()
    token = (await hub.signed_in("2100002310001", DEMO_PASSWORD))["accessToken"]
    me = (await hub.data(ME, token=token))["me"]
    assert me["permissions"] == [permission.value for permission in Permission]
