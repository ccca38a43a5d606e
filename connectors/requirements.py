"""The startup check: every configured dataset maps every field the graph reads from it.

The graph declares what it needs (`hub.schema.partner_data.DATASET_FIELDS`: dataset →
field names); a connectors file that forgets one would otherwise surface as
PARTNER_UNAVAILABLE on the first query that reads the field. It fails the start instead,
naming the connector, the dataset and each missing field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from connectors.config import ConnectorConfig, ConnectorConfigError

RequiredFields = Mapping[str, Iterable[str]]


class MissingFieldMapping(ConnectorConfigError):
    """A configured dataset lacks the mapping of a field the graph needs."""


def missing_field_mappings(
    configs: Iterable[ConnectorConfig], required: RequiredFields
) -> list[tuple[str, str, str]]:
    """(connector, dataset, field) for each needed field a configured dataset does not map
    (or maps to an empty path). Datasets the graph does not read are not checked."""
    missing = []
    for config in configs:
        for name, dataset in config.datasets.items():
            for field in sorted(required.get(name, ())):
                if not dataset.fields.get(field, "").strip():
                    missing.append((config.name, name, field))
    return missing


def check_field_mappings(
    configs: Iterable[ConnectorConfig], required: RequiredFields, *, source: str = "<connectors>"
) -> None:
    missing = missing_field_mappings(configs, required)
    if not missing:
        return
    lines = [
        f"连接器 {connector} 的数据集 {dataset} 缺少字段 {field} 的映射"
        f"（请在 [connectors.{connector}.datasets.{dataset}] 的 fields 中加入 "
        f'{field} = "响应中的路径"）'
        for connector, dataset, field in missing
    ]
    raise MissingFieldMapping(
        f"{source}: 连接器配置不完整，数据枢纽无法启动：\n" + "\n".join(lines)
    )
