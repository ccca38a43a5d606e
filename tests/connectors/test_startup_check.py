"""The startup check: a configured dataset that does not map a field the graph reads
fails the start of the hub, naming the connector, the dataset and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors import MissingFieldMapping, check_field_mappings, load_connectors_file
from hub.schema.partner_data import DATASET_FIELDS
from hub.server import create_hub_app
from hub.settings import PROJECT_ROOT, Settings

WITHOUT_SCORE = """
[connectors.national_credit]
kind = "rest"
base_url = "http://127.0.0.1:8701"

[connectors.national_credit.datasets.national_credit]
request = { method = "POST", path = "/credit/batch", keys_field = "usccs" }
results = "results"
key = "uscc"
fields = { grade = "grade", evaluated_at = "evaluatedAt" }

[connectors.credit_publicity]
kind = "rest"
base_url = "http://127.0.0.1:8702"

[connectors.credit_publicity.datasets.abnormal_operation]
request = { method = "POST", path = "/abnormal-operations/batch", keys_field = "usccs" }
results = "entries"
key = "uscc"
fields = { reason = "reason", listed_on = "listedOn", authority = "" }

[connectors.credit_publicity.datasets.something_else]
request = { method = "POST", path = "/other/batch", keys_field = "usccs" }
key = "uscc"
fields = { anything = "x" }
"""


def test_a_missing_mapping_fails_the_start_naming_connector_dataset_and_field(
    tmp_path: Path, settings: Settings
) -> None:
    # given a connectors file whose national_credit dataset does not map `score`, and whose
    # abnormal_operation maps `authority` to nothing
    path = tmp_path / "connectors.toml"
    path.write_text(WITHOUT_SCORE, encoding="utf-8")
    # when the hub starts with it
    with pytest.raises(MissingFieldMapping) as raised:
        create_hub_app(settings.model_copy(update={"connectors_file": path}))
    # then the start fails, and the message says what to fix, in Chinese
    message = str(raised.value)
    assert message.startswith(f"{path}: 连接器配置不完整，数据枢纽无法启动")
    assert "连接器 national_credit 的数据集 national_credit 缺少字段 score 的映射" in message
    assert (
        "连接器 credit_publicity 的数据集 abnormal_operation 缺少字段 authority 的映射" in message
    )
    assert 'score = "响应中的路径"' in message
    # and a dataset the graph does not read is not checked
    assert "something_else" not in message
    assert len(message.splitlines()) == 3


def test_the_example_file_maps_every_field_the_graph_needs() -> None:
    configs = load_connectors_file(PROJECT_ROOT / "connectors.example.toml", environ={})
    check_field_mappings(configs, DATASET_FIELDS)


def test_the_hub_starts_with_a_complete_file(settings: Settings) -> None:
    app = create_hub_app(
        settings.model_copy(update={"connectors_file": PROJECT_ROOT / "connectors.example.toml"})
    )
    assert app is not None
