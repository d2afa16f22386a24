"""The notices' part of the yearly dues publication (``zhibu/dues/publications.py``): a published 党费收缴情况公开
notice of the year publishes it; a withdrawn one does not."""

from collections.abc import Iterator

from django.utils import timezone

from zhibu.dues.publications import Published
from zhibu.notices.models import Category, Notice, Status


def dues_notices(organization_ids: list[int], year: int) -> Iterator[Published]:
    notices = Notice.objects.filter(
        organization_id__in=organization_ids, year=year, category=Category.DUES, status=Status.PUBLISHED
    ).order_by("published_at", "id")
    for notice in notices.only("id", "organization_id", "title", "published_at"):
        assert notice.published_at is not None
        day = timezone.localdate(notice.published_at)
        yield Published(notice.organization_id, year, day, f"党务公开“{notice.title}”", notice.get_absolute_url())
