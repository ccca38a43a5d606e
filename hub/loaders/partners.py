"""Per-request DataLoaders over the partner connectors: one per dataset, so a page of
entities asks each partner once (in batches of the connector's size), and the datasets of
one request are fetched concurrently (aiodataloader runs each batch as its own task).

Caching across requests, deadlines, retries and the circuit breaker are the connector's
(`connectors.Connector`); this module turns a partner's failure into a GraphQL error at
the field's path, so the rest of the query is answered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from aiodataloader import DataLoader

from connectors import ConnectorRegistry, PartnerError, PartnerTimeoutError
from hub.errors import HubError

PARTNER_UNAVAILABLE: Final = "PARTNER_UNAVAILABLE"
PARTNER_TIMEOUT: Final = "PARTNER_TIMEOUT"


class PartnerUnavailable(HubError):
    """A partner system did not answer usably (failed, refused, circuit open, unconfigured)."""

    def __init__(self, connector: str, dataset: str) -> None:
        super().__init__(
            "外部系统暂不可用，该项数据暂缺",
            PARTNER_UNAVAILABLE,
            connector=connector,
            dataset=dataset,
        )


class PartnerTimeout(HubError):
    """A partner system did not answer within its deadline."""

    def __init__(self, connector: str, dataset: str) -> None:
        super().__init__(
            "外部系统响应超时，该项数据暂缺", PARTNER_TIMEOUT, connector=connector, dataset=dataset
        )


def partner_hub_error(error: PartnerError, dataset: str) -> HubError:
    if isinstance(error, PartnerTimeoutError):
        return PartnerTimeout(error.connector, dataset)
    return PartnerUnavailable(error.connector, dataset)


class PartnerDataByKeyLoader(DataLoader[str, Any]):
    """The mapped answer of `dataset` for each key (a USCC): a dict of graph fields, a list
    of them for a `many` dataset, None/[] when the partner has nothing; a `HubError` for
    the keys the partner could not answer for."""

    def __init__(self, registry: ConnectorRegistry | None, dataset: str) -> None:
        super().__init__()
        self.registry = registry
        self.dataset = dataset

    async def batch_load_fn(self, keys: Sequence[str]) -> list[Any]:
        if self.registry is None:
            return [PartnerUnavailable("none", self.dataset) for _ in keys]
        answers = await self.registry.fetch(self.dataset, keys)
        return [
            partner_hub_error(answer, self.dataset) if isinstance(answer, PartnerError) else answer
            for answer in answers
        ]
