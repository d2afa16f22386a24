"""Organisation setup and committees as they stand today (ORG-01…07), terms (ELE-01, ELE-02, ELE-05) and the share
of full-time Party workers in an agency (AGY-01). Snapshot rules: one verdict per organisation, period "现状"."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db.models import Count, Q, Sum

from zhibu.committees.models import Position, PositionKind, Term, TermDelay
from zhibu.core.derived import Topic
from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.members.choices import Category, PartyStatus
from zhibu.members.models import Member
from zhibu.members.validation import add_months, add_years
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.standards.catalogue import Rule, by_id
from zhibu.standards.engine import Context, Org, Outcome, link, url_for
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import ORGANIZATION_TOPICS, evaluator

MET, MISSED, NA, IN_PROGRESS = (
    VerdictStatus.MET,
    VerdictStatus.MISSED,
    VerdictStatus.NOT_APPLICABLE,
    VerdictStatus.IN_PROGRESS,
)

# What a snapshot rule's judge says of one organisation: (status, explanation, evidence links).
Judgement = tuple[str, str, list[dict[str, str]]]
Judge = Callable[[Org, dict[str, Any]], Judgement]


def _org_link(org: Org, label: str = "组织详情") -> dict[str, str]:
    return link("organizations:detail", org.id, label)


def _members_link(org: Org, **filters: object) -> dict[str, str]:
    query = "&".join(f"{key}={value}" for key, value in {"organization": org.id, **filters}.items())
    return {"label": "党员名册", "url": f"{url_for('members:list')}?{query}"}


def people_missed(people: Sequence[tuple[int, str, str]], problem: str, page: str) -> Judgement:
    """未达标 naming the first five people as (id, name, detail), each linked to their page (a URL name)."""
    names = "、".join(f"{name}（{detail}）" if detail else name for _, name, detail in people[:5])
    more = f"等{len(people)}人" if len(people) > 5 else ""
    return MISSED, f"{problem}：{names}{more}", [link(page, pk, name) for pk, name, _ in people[:5]]


def snapshot(rule: Rule, ctx: Context, judge: Judge) -> Iterator[Outcome]:
    """``judge(org, params)`` → (status, text, evidence) for each applicable organisation, as of today."""
    periods = ctx.periods("snapshot")
    if not periods:
        return
    for org in ctx.organizations(rule):
        if org.ended_on is not None:
            continue
        params = ctx.params(rule, org)
        status, text, evidence = judge(org, params)
        yield Outcome(rule.id, org.id, periods[0], status, text, evidence, params)


def _facts(ctx: Context) -> dict[str, Any]:
    """Member counts and the sitting committee of every organisation in the slice, in four queries, shared by ORG-*."""
    if "org_facts" in ctx.cache:
        cached: dict[str, Any] = ctx.cache["org_facts"]
        return cached
    members = Member.objects.current()
    seats = Position.objects.filter(term__ended_on__isnull=True, ended_on__isnull=True, holder__isnull=False)
    units = Organization.units.through.objects.all()
    if ctx.organization_ids is not None:
        members = members.filter(organization_id__in=ctx.organization_ids)
        seats = seats.filter(term__organization_id__in=ctx.organization_ids)
        units = units.filter(organization_id__in=ctx.organization_ids)
    # The django-stubs plugin does not follow an annotation into values_list (hence the ignore below).
    unit_counts = units.values("organization_id").annotate(n=Count("id"))
    facts: dict[str, Any] = {
        "counts": {
            row["organization_id"]: row
            for row in members.values("organization_id").annotate(
                total=Count("id"),
                full=Count("id", filter=Q(category=Category.FULL)),
                standing=Count("id", filter=Q(category=Category.FULL, party_status=PartyStatus.NORMAL)),
            )
        },
        "holders": defaultdict(set),
        "posts": defaultdict(set),
        "secretary": {},
        "units": dict(unit_counts.values_list("organization_id", "n")),  # type: ignore[misc]  # see unit_counts
    }
    for org_id, holder_id, code, name, full_on, started_on in seats.values_list(
        "term__organization_id", "holder_id", "kind__code", "holder__name", "holder__full_member_on", "started_on"
    ):
        facts["holders"][org_id].add(holder_id)
        facts["posts"][org_id].add(code)
        if code == "secretary":
            facts["secretary"][org_id] = (name, full_on, started_on)
    ctx.cache["org_facts"] = facts
    return facts


COMMITTEE_AT_LEAST = 3  # ORG-03: a branch has a committee when three or more members sit on it


def _seats(ctx: Context) -> dict[int, list[tuple[datetime.date, datetime.date | None]]]:
    """Every committee seat held during the window, per organisation: one query, shared (cached on the context)."""
    if "seats" not in ctx.cache:
        start, end = ctx.window()
        seats = Position.objects.filter(holder__isnull=False, started_on__lte=end).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=start)
        )
        if ctx.organization_ids is not None:
            seats = seats.filter(term__organization_id__in=ctx.organization_ids)
        found: defaultdict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
        for org_id, started_on, ended_on in seats.values_list("term__organization_id", "started_on", "ended_on"):
            found[org_id].append((started_on, ended_on))
        ctx.cache["seats"] = found
    held: dict[int, list[tuple[datetime.date, datetime.date | None]]] = ctx.cache["seats"]
    return held


def _had_committee(seats: Iterable[tuple[datetime.date, datetime.date | None]], period: Period) -> bool:
    """Three or more seats held at once on some day of the period (a seat ends the day its ``ended_on`` says)."""
    whole = sum(
        1
        for started_on, ended_on in seats
        if started_on <= period.start and (ended_on is None or ended_on > period.end)
    )
    if whole >= COMMITTEE_AT_LEAST:  # the usual case, a committee sitting all period: no need to walk the days
        return True
    events = []
    for started_on, ended_on in seats:
        begin = max(started_on, period.start)
        finish = (
            min(ended_on, period.end + datetime.timedelta(days=1))
            if ended_on
            else period.end + datetime.timedelta(days=1)
        )
        if begin < finish:
            events += [(begin, 1), (finish, -1)]
    sitting = 0
    for _, change in sorted(events):
        sitting += change
        if sitting >= COMMITTEE_AT_LEAST:
            return True
    return False


def without_committee(ctx: Context, org: Org, period: Period) -> str | None:
    """Why the committee rules do not apply to a branch in a period, or None when it had a committee. Whether it
    should have had one is ORG-03's verdict (on today's full members), which the reason names. Asked by each committee
    rule for each month: answered once."""
    key = ("without_committee", org.id, period.key)
    if key not in ctx.cache:
        ctx.cache[key] = _without_committee(ctx, org, period)
    reason: str | None = ctx.cache[key]
    return reason


def _without_committee(ctx: Context, org: Org, period: Period) -> str | None:
    if _had_committee(_seats(ctx).get(org.id, ()), period):
        return None
    org03 = by_id()["ORG-03"]
    needed = int(ctx.params(org03, org)["committee_when_full_members"])
    full = _facts(ctx)["counts"].get(org.id, {}).get("full", 0)
    head = f"{period.label}本支部未设支部委员会，支部委员会会议不作考核"
    if full < needed:
        return f"{head}（正式党员{full}人，不足{needed}人，可不设支部委员会）"
    return f"{head}；正式党员{full}人，应当设立支部委员会，见“{org03.title}”一项"


@evaluator("members_at_least", topics=ORGANIZATION_TOPICS, snapshot=True)
def members_at_least(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """ORG-01: full members in good standing; a suspended membership (停止党籍) does not make up the three."""
    facts = _facts(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        counts = facts["counts"].get(org.id, {})
        standing, suspended = counts.get("standing", 0), counts.get("full", 0) - counts.get("standing", 0)
        needed = int(params["at_least"])
        ok = standing >= needed
        text = f"现有正式党员{standing}人" + (f"（另有停止党籍的{suspended}人，不计入）" if suspended else "")
        if not ok:
            text += f"，少于{needed}人；" + (
                "可考虑与邻近单位组建联合党支部" if org.kind != OrganizationKind.JOINT_BRANCH else "可考虑调整联合范围"
            )
        return (MET if ok else MISSED), text, [_members_link(org, category="full", party_status=PartyStatus.NORMAL)]

    yield from snapshot(rule, ctx, judge)


@evaluator("members_at_most", topics=ORGANIZATION_TOPICS, snapshot=True)
def members_at_most(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    facts = _facts(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        total = facts["counts"].get(org.id, {}).get("total", 0)
        limit = int(params["at_most"])
        ok = total <= limit
        text = f"现有党员{total}人" + ("" if ok else f"，超过{limit}人；可考虑分设党支部或成立党总支")
        return (MET if ok else MISSED), text, [_members_link(org)]

    yield from snapshot(rule, ctx, judge)


@evaluator("committee_required", topics=ORGANIZATION_TOPICS, snapshot=True)
def committee_required(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    facts = _facts(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        full = facts["counts"].get(org.id, {}).get("full", 0)
        size = len(facts["holders"].get(org.id, ()))
        needed = int(params["committee_when_full_members"])
        if full < needed:
            return NA, f"正式党员{full}人，不足{needed}人，可不设支部委员会", [_members_link(org, category="full")]
        ok = size >= 3
        text = f"正式党员{full}人，" + (
            f"已设支部委员会（委员{size}人）" if ok else f"应设支部委员会，目前在任委员{size}人"
        )
        return (MET if ok else MISSED), text, [_org_link(org, "班子与届次")]

    yield from snapshot(rule, ctx, judge)


@evaluator("committee_size", topics=ORGANIZATION_TOPICS, snapshot=True)
def committee_size(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    facts = _facts(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        size = len(facts["holders"].get(org.id, ()))
        if size < 3:
            return NA, "未设支部委员会", [_org_link(org, "班子与届次")]
        low, high = params["between"]
        if size > high:
            return MISSED, f"支部委员会现有委员{size}人，超过{high}人上限", [_org_link(org, "班子与届次")]
        ok = size <= 5 or size <= high and low <= size
        text = f"支部委员会现有委员{size}人" + ("" if size <= 5 else "（一般为3至5人）")
        return (MET if ok else MISSED), text, [_org_link(org, "班子与届次")]

    yield from snapshot(rule, ctx, judge)


@evaluator("core_posts", topics=ORGANIZATION_TOPICS, snapshot=True)
def core_posts(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    facts = _facts(ctx)
    names = dict(PositionKind.objects.values_list("code", "name"))

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        if len(facts["holders"].get(org.id, ())) < 3:
            return NA, "未设支部委员会，由书记（或组织员）负责", [_org_link(org, "班子与届次")]
        missing = [names.get(code, code) for code in params["posts"] if code not in facts["posts"].get(org.id, ())]
        if missing:
            return MISSED, "未配备：" + "、".join(missing), [_org_link(org, "班子与届次")]
        return MET, "书记和组织、宣传、纪检委员均已配备", [_org_link(org, "班子与届次")]

    yield from snapshot(rule, ctx, judge)


@evaluator("secretary_standing", topics=ORGANIZATION_TOPICS, snapshot=True)
def secretary_standing(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    facts = _facts(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        seat = facts["secretary"].get(org.id)
        if seat is None:
            return NA, "未登记在任书记", [_org_link(org, "班子与届次")]
        name, full_on, started_on = seat
        years = int(params["years"])
        ok = full_on is not None and add_years(full_on, years) <= started_on
        text = f"书记{name}于{cn_date(started_on)}任职，" + (
            f"任职时党龄已满{years}年" if ok else f"任职时党龄不满{years}年（转正日期{cn_date(full_on) or '未登记'}）"
        )
        return (MET if ok else MISSED), text, [_org_link(org, "班子与届次")]

    yield from snapshot(rule, ctx, judge)


@evaluator("joint_branch_units", topics=(Topic.UNITS, Topic.ORGANIZATIONS), snapshot=True)
def joint_branch_units(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    facts = _facts(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        count, limit = facts["units"].get(org.id, 0), int(params["at_most"])
        ok = count <= limit
        return (MET if ok else MISSED), f"覆盖{count}个单位" + ("" if ok else f"，超过{limit}个"), [_org_link(org)]

    yield from snapshot(rule, ctx, judge)


def _current_terms(ctx: Context) -> dict[int, Term]:
    if "terms" not in ctx.cache:
        terms = Term.objects.filter(ended_on__isnull=True)
        if ctx.organization_ids is not None:
            terms = terms.filter(organization_id__in=ctx.organization_ids)
        ctx.cache["terms"] = {term.organization_id: term for term in terms.order_by("number")}
    current: dict[int, Term] = ctx.cache["terms"]
    return current


@evaluator("term_reminder", topics=(Topic.COMMITTEES, Topic.ORGANIZATIONS), snapshot=True)
def term_reminder(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """ELE-01: 6 months before the term ends the organisation should be preparing its 换届."""
    terms = _current_terms(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        term = terms.get(org.id)
        if term is None:
            return MISSED, "未登记现任届次，无法提示换届", [_org_link(org, "班子与届次")]
        due = add_months(term.planned_end_on, -int(params["months_before"]))
        if ctx.today < due:
            return MET, f"第{term.number}届任期至{cn_date(term.planned_end_on)}届满", [_org_link(org, "班子与届次")]
        if ctx.today <= term.planned_end_on:
            days = (term.planned_end_on - ctx.today).days
            return (
                IN_PROGRESS,
                f"第{term.number}届将于{cn_date(term.planned_end_on)}届满（还有{days}天），请启动换届准备",
                [_org_link(org, "班子与届次")],
            )
        return (
            MISSED,
            f"第{term.number}届已于{cn_date(term.planned_end_on)}届满，尚未换届",
            [_org_link(org, "班子与届次")],
        )

    yield from snapshot(rule, ctx, judge)


def _delays(ctx: Context) -> dict[int, TermDelay]:
    """The delay approval in force for each current term: the last one approved."""
    if "term_delays" not in ctx.cache:
        delays = TermDelay.objects.filter(term__ended_on__isnull=True).select_related("approving_organization")
        if ctx.organization_ids is not None:
            delays = delays.filter(term__organization_id__in=ctx.organization_ids)
        ctx.cache["term_delays"] = {delay.term_id: delay for delay in delays.order_by("approved_on", "id")}
    in_force: dict[int, TermDelay] = ctx.cache["term_delays"]
    return in_force


@evaluator("term_on_time", topics=(Topic.COMMITTEES, Topic.ORGANIZATIONS), snapshot=True)
def term_on_time(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """ELE-02: past its planned end a term stands only on a delay approved by the organisation above, for at most the
    years the rule allows; the election's approval number (ELE-05) is no such approval."""
    terms, delays = _current_terms(ctx), _delays(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        evidence = [_org_link(org, "班子与届次")]
        term = terms.get(org.id)
        if term is None:
            return NA, "未登记现任届次", evidence
        if ctx.today <= term.planned_end_on:
            return MET, f"第{term.number}届在任期内（至{cn_date(term.planned_end_on)}）", evidence
        years = int(params["deviation_years"])
        limit = add_years(term.planned_end_on, years)
        late = f"第{term.number}届已于{cn_date(term.planned_end_on)}届满"
        delay = delays.get(term.pk)
        if delay is None:
            return MISSED, f"{late}，未换届，也未登记上级党组织批准延期", evidence
        approved = (
            f"{delay.approving_organization}于{cn_date(delay.approved_on)}批准（{delay.document_number}）"
            f"延期至{cn_date(delay.delayed_to)}"
        )
        if ctx.today > limit:
            return MISSED, f"{late}，{approved}，现已超过届满后{years}年，应当换届", evidence
        if ctx.today > delay.delayed_to:
            return MISSED, f"{late}，{approved}，批准的延期已过仍未换届", evidence
        return MET, f"{late}，{approved}", evidence

    yield from snapshot(rule, ctx, judge)


@evaluator("term_approval", topics=(Topic.COMMITTEES, Topic.ORGANIZATIONS), snapshot=True)
def term_approval(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """ELE-05: the election of the secretary is approved by the higher organisation (the approval's document no.)."""
    terms = _current_terms(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        term = terms.get(org.id)
        if term is None:
            return NA, "未登记现任届次", [_org_link(org, "班子与届次")]
        if term.approval_document:
            return MET, f"第{term.number}届选举结果已报批（{term.approval_document}）", [_org_link(org, "班子与届次")]
        return MISSED, f"第{term.number}届未登记上级批复文号", [_org_link(org, "班子与届次")]

    yield from snapshot(rule, ctx, judge)


@evaluator("party_staff_share", topics=(Topic.UNITS, Topic.ORGANIZATIONS), snapshot=True)
def party_staff_share(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """AGY-01: full-time Party workers are 1%–2% of the agency's staff (units linked to the 机关党委)."""
    links = Organization.units.through.objects.all()
    if ctx.organization_ids is not None:
        links = links.filter(organization_id__in=ctx.organization_ids)
    totals = {
        row["organization_id"]: row
        for row in links.values("organization_id").annotate(
            staff=Sum("unit__staff_headcount"), party_staff=Sum("unit__party_staff")
        )
    }

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        row = totals.get(org.id)
        if not row or not row["staff"]:
            return NA, "未登记所属单位在编人数，无法计算", [_org_link(org, "所属单位")]
        low, high = params["between"]
        share = row["party_staff"] / row["staff"]
        text = f"在编{row['staff']}人，专职党务干部{row['party_staff']}人（{share:.1%}）"
        if share < low:
            return MISSED, f"{text}，低于{low:.0%}", [_org_link(org, "所属单位")]
        if share > high:
            return MET, f"{text}，高于{high:.0%}（一般为{low:.0%}至{high:.0%}）", [_org_link(org, "所属单位")]
        return MET, text, [_org_link(org, "所属单位")]

    yield from snapshot(rule, ctx, judge)
