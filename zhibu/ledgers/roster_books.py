"""党员花名册: the members on the roll with their particulars and posts, and on request the results that feed back to
them (``zhibu/members/results.py``: 年度民主评议等次, 表彰奖励, 考核等次), each for the ledger's year or every year."""

from collections import defaultdict
from typing import Any

from django.utils import timezone

from zhibu.core.formatting import cn_date
from zhibu.core.masking import mask_phone
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.ledgers.books import Field, LedgerOption
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.members.models import Member
from zhibu.members.results import Result, columns, results_for

ROSTER_FIELDS = (
    Field("姓名、性别、民族、出生日期", "党员信息"),
    Field("学历、工作岗位", "党员信息"),
    Field("入党日期、转正日期、人员类别", "党员信息及其状态变动"),
    Field("手机号码（脱敏）", "党员信息（加密存储）"),
    Field("党内职务", "班子与届次：当前任职"),
    Field("年度民主评议等次、表彰奖励、考核等次（可选）", "民主评议、评选表彰、述职评议、党务工作者考核的结果"),
)
HEADINGS = ["序号", "姓名", "性别", "民族", "出生日期", "学历", "工作岗位", "入党日期", "转正日期", "类别", "党内职务"]
WIDTHS = [5, 8, 5, 6, 13, 10, 10, 13, 13, 8, 10, 13]
YEAR, ALL_YEARS = "year", "all"


def roster_options() -> tuple[LedgerOption, ...]:
    """One option per result column: not listed (the default, so the roster stays as it was), the year's, every year's."""
    choices = (("", "不列"), (YEAR, "本年度"), (ALL_YEARS, "历年"))
    return tuple(LedgerOption(option, column, choices) for option, column in columns())


def _cell(results: list[Result], every_year: bool) -> str:
    return "；".join(f"{r.year}年{r.text}" if every_year else r.text for r in results)


def roster(
    user, organization, period: Period, action: str = VIEW, options: dict[str, str] | None = None
) -> LedgerDocument:
    from zhibu.committees.models import Position

    members = list(
        Member.objects.visible_to(user, action)
        .current()
        .in_subtree(organization)
        .select_related("organization")
        .order_by("organization__path", "joined_on", "name")
    )
    posts = defaultdict(list)
    for holder, name in Position.objects.filter(
        holder__in=members, ended_on__isnull=True, term__organization__path__startswith=organization.path
    ).values_list("holder_id", "kind__name"):
        posts[holder].append(name)
    extra: list[tuple[str, dict[int, list[Result]], bool]] = []
    year = period.start.year
    chosen = options or {}
    for option, column in columns():
        wanted = chosen.get(option, "")
        if wanted in (YEAR, ALL_YEARS):
            every_year = wanted == ALL_YEARS
            heading = column if every_year else f"{year}{column if column.startswith('年度') else '年度' + column}"
            found = results_for(user, action, members, option, None if every_year else year)
            extra.append((heading, found, every_year))
    rows: list[list[Any]] = [
        [
            index,
            member.name,
            member.get_gender_display(),
            member.ethnicity,
            cn_date(member.birth_date),
            member.get_education_display(),
            member.get_job_position_display(),
            cn_date(member.joined_on),
            cn_date(member.full_member_on) if member.full_member_on else "",
            member.get_category_display(),
            "、".join(posts.get(member.pk, [])),
            mask_phone(member.mobile),
            *(_cell(found.get(member.pk, []), every_year) for _, found, every_year in extra),
        ]
        for index, member in enumerate(members, start=1)
    ]
    subtitle = f"截至{cn_date(timezone.localdate())}"
    if any(not every_year for *_, every_year in extra):
        subtitle += f"（评议、表彰、考核为{year}年度）"
    document = LedgerDocument("党员花名册", str(organization), subtitle)
    headings = [*HEADINGS, "手机号码", *(heading for heading, *_ in extra)]
    document.sections.append(Section(table=Table(headings, rows, [*WIDTHS, *(16 for _ in extra)])))
    return document
