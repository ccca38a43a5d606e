"""The three workloads of /work/shared/PERFORMANCE.md: documents, variables, reference figures.

The reference figures were measured elsewhere, on another day, with 100k entities / 1M records
(the demo data set here has 5,000 / 50,000): they give a scale to read the ratios against,
not a target this run can pass or fail.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

Variables = dict[str, Any]

ENTITY_PAGE: Final = """
query EntityPage($uscc: String!) {
  entity(uscc: $uscc) {
    id uscc name kind status legalRepresentative address industry
    registeredCapital establishedOn
    region { code name parent { code name } }
    credit {
      hub { grade score evaluatedAt }
      national { grade score evaluatedAt }
    }
    records(first: 20) {
      totalCount
      edges {
        node {
          id kind status decisionNumber decisionDate documentName
          department { id code name }
        }
      }
    }
  }
}
"""

ANALYST_LIST: Final = """
query AnalystList($regionCode: String!) {
  entities(filter: { regionCode: $regionCode }, first: 50) {
    totalCount
    edges {
      node {
        id uscc name kind status
        records(first: 5) {
          totalCount
          edges { node { id kind status decisionNumber decisionDate } }
        }
      }
    }
  }
}
"""

ENTITY_SCALARS: Final = """
query EntityScalars($uscc: String!) {
  entity(uscc: $uscc) { uscc name status }
}
"""


@dataclass(frozen=True)
class Reference:
    """Requests/s at 16 concurrent connections, from the PERFORMANCE.md table."""

    strawberry_defaults: float
    postgraphile_v5: float


@dataclass(frozen=True)
class ExpectedError:
    """A field error the viewer is meant to get (not a failure of the request)."""

    path: str  # response path without list indexes, e.g. "entity.credit"
    code: str  # extensions.code
    why: str


@dataclass(frozen=True)
class Workload:
    name: str
    document: str
    reference: Reference
    # (sample data, request number) -> variables; deterministic for a given request number.
    variables: Callable[[SampleData, int], Variables]
    # `data` of a response -> why it is not the answer a real key must get (None when it is).
    check: Callable[[dict[str, Any]], str | None]
    expected_errors: tuple[ExpectedError, ...] = ()

    def body(self, sample: SampleData, number: int) -> Variables:
        return {"query": self.document, "variables": self.variables(sample, number)}

    def expects(self, path: Sequence[str | int] | None, code: object) -> bool:
        """Whether an error at `path` with `code` is one the viewer is meant to get."""
        if not path:
            return False
        where = ".".join(str(part) for part in path if not isinstance(part, int))
        return any(e.path == where and e.code == code for e in self.expected_errors)


@dataclass(frozen=True)
class SampleData:
    """Real keys from the benchmark database, drawn once from a fixed seed."""

    usccs: Sequence[str]
    region_codes: Sequence[str]

    @classmethod
    def draw(
        cls, all_usccs: Sequence[str], region_codes: Sequence[str], *, size: int, seed: int
    ) -> SampleData:
        rng = random.Random(seed)
        usccs = rng.sample(sorted(all_usccs), min(size, len(all_usccs)))
        return cls(usccs=usccs, region_codes=sorted(region_codes))


def _uscc(sample: SampleData, number: int) -> Variables:
    return {"uscc": sample.usccs[number % len(sample.usccs)]}


def _region(sample: SampleData, number: int) -> Variables:
    return {"regionCode": sample.region_codes[number % len(sample.region_codes)]}


def _entity_found(data: dict[str, Any]) -> str | None:
    return None if data.get("entity") else "entity: null for a USCC taken from the database"


def _entities_listed(data: dict[str, Any]) -> str | None:
    edges = (data.get("entities") or {}).get("edges")
    return None if edges else "entities: no edges for a city that has entities"


WORKLOADS: Final = (
    Workload(
        name="entity page",
        document=ENTITY_PAGE,
        reference=Reference(strawberry_defaults=118, postgraphile_v5=1075),
        variables=_uscc,
        check=_entity_found,
        # The document asks for credit as PERFORMANCE.md's did; the public may not see it.
        # Whether the server answers null or this error, the rest of the page must be there.
        expected_errors=(
            ExpectedError(
                path="entity.credit",
                code="FORBIDDEN",
                why="credit is for department staff and the viewer is the public",
            ),
        ),
    ),
    Workload(
        name="analyst list",
        document=ANALYST_LIST,
        reference=Reference(strawberry_defaults=31, postgraphile_v5=187),
        variables=_region,
        check=_entities_listed,
    ),
    Workload(
        name="one entity, 3 scalar fields",
        document=ENTITY_SCALARS,
        reference=Reference(strawberry_defaults=245, postgraphile_v5=2099),
        variables=_uscc,
        check=_entity_found,
    ),
)
