"""Honours fed back to the 党员花名册 (``zhibu/members/results.py``): approved ones only (an honour is written at the
approval). The member's page shows them in the awards app's own 荣誉 section."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from zhibu.awards.models import Honour
from zhibu.members.results import Result, ResultSource


def member_honours(user: Any, action: str, members: Sequence[Any], year: int | None) -> dict[int, list[Result]]:
    rows = Honour.objects.visible_to(user, action).filter(member__in=members)
    if year is not None:
        rows = rows.filter(year=year)
    found: dict[int, list[Result]] = defaultdict(list)
    for honour in rows.order_by("-year", "pk"):
        assert honour.member_id is not None
        found[honour.member_id].append(
            Result(honour.year, honour.get_category_display(), honour.title, honour.get_absolute_url())
        )
    return found


HONOUR_SOURCE = ResultSource("awards.honours", "表彰奖励", "honours", member_honours, order=20, on_member_page=False)
