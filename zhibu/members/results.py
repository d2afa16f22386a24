"""Results that feed back to the member: grades and honours recorded by the apps built on members (民主评议,
表彰奖励, 述职评议, 党务工作者考核). Members know none of those apps; each registers a source in its ``ready()``.

A source reads the finished results only (a graded or scored round, an approved honour) for a list of members, as
the user may see them, and names the column of the 党员花名册 it fills; sources naming the same column share it (述职评议
and 党务工作者考核 are both 考核等次). The member's page lists them in one section, the roster offers each column as an
option (``zhibu/ledgers``)."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    year: int
    kind: str  # what it is, as the member's page titles it: 民主评议, 优秀共产党员, 述职评议 …
    text: str  # the grade or title: 优秀, 2026年度优秀共产党员
    url: str = ""  # the record it comes from, where there is a page


# (user, action, members, year or None for every year) -> member id -> results
Reader = Callable[[Any, str, Sequence[Any], int | None], dict[int, list[Result]]]


@dataclass(frozen=True)
class ResultSource:
    key: str
    column: str  # the roster column it fills, e.g. 年度民主评议等次
    option: str  # the roster option that adds the column (sources sharing a column share it)
    read: Reader
    order: int = 100
    on_member_page: bool = True  # False where the app shows the results on the member's page itself


_sources: dict[str, ResultSource] = {}


def register_result_source(source: ResultSource) -> None:
    _sources[source.key] = source


def sources() -> list[ResultSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def columns() -> list[tuple[str, str]]:
    """(option, column heading) in order, each once."""
    seen: dict[str, str] = {}
    for source in sources():
        seen.setdefault(source.option, source.column)
    return list(seen.items())


def results_for(
    user: Any, action: str, members: Sequence[Any], option: str, year: int | None
) -> dict[int, list[Result]]:
    """Member id → the results of every source filling ``option``'s column, newest year first."""
    found: dict[int, list[Result]] = defaultdict(list)
    for source in sources():
        if source.option != option:
            continue
        for member_id, rows in source.read(user, action, members, year).items():
            found[member_id].extend(rows)
    for rows in found.values():
        rows.sort(key=lambda result: -result.year)
    return found


def member_results(request: Any, member: Any) -> tuple[str, str, dict[str, Any]] | None:
    """The member page's section (``zhibu/members/sections.py``): every year's results, newest first."""
    rows: list[Result] = []
    for source in sources():
        if source.on_member_page:
            rows.extend(source.read(request.user, "view", [member], None).get(member.pk, []))
    if not rows:
        return None
    rows.sort(key=lambda result: (-result.year, result.kind))
    return "考核评议结果", "members/_member_results.html", {"results": rows}
