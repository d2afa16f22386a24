"""Where a branch's yearly dues publication (FEE-09) is found: the publication recorded on the dues totals page (a
``Publication``) and whatever a higher app registers — the notices app's published 党费收缴情况公开 notice of that
year (withdrawn ones not). The totals page and the FEE-09 evaluator both ask ``published``, so the page never says
尚未公示 for a year the verdict counts as published. Dues sits below notices, hence the registry (filled in
``NoticesConfig.ready``)."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from zhibu.dues.models import Publication


@dataclass(frozen=True)
class Published:
    organization_id: int
    year: int
    day: datetime.date
    how: str  # as the page says it: “登记公示” or the notice's title
    url: str = ""


PublicationSource = Callable[[list[int], int], Iterable[Published]]
_SOURCES: list[PublicationSource] = []


def register_publication_source(source: PublicationSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def published(organization_ids: list[int], year: int) -> dict[int, Published]:
    """Each organisation's publication of the year, the one recorded on the totals page first."""
    found: dict[int, Published] = {}
    rows = Publication.objects.filter(organization_id__in=organization_ids, year=year)
    for org_id, published_on in rows.values_list("organization_id", "published_on"):
        found[org_id] = Published(org_id, year, published_on, "登记公示")
    for source in _SOURCES:
        for publication in source(organization_ids, year):
            found.setdefault(publication.organization_id, publication)
    return found
