"""民主评议 (MTG-11, MTG-12), 谈心谈话 coverage (MTG-13) and 双重组织生活 of leading cadres (MTG-14)."""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from zhibu.activities.models import Appraisal, Attendance, Talk
from zhibu.core.derived import Topic
from zhibu.members.models import Member
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import Context, Outcome, aware_range, judge_count, local_date, period_label
from zhibu.standards.evaluators.meetings import HELD, activity_list_link, held_activities
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator


def _appraisal_counts(ctx: Context) -> dict[int, dict[str, Any]]:
    queryset = Appraisal.objects.filter(year=ctx.year)
    if ctx.organization_ids is not None:
        queryset = queryset.filter(organization_id__in=ctx.organization_ids)
    return {
        row["organization_id"]: row
        for row in queryset.values("organization_id").annotate(
            total=Count("id"), excellent=Count("id", filter=Q(grade=Appraisal.Grade.EXCELLENT))
        )
    }


@evaluator(
    "appraisal_held",
    topics=(Topic.APPRAISALS, Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.ORGANIZATIONS),
    kinds=("appraisal",),
)
def appraisal_held(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """民主评议 counts when results are recorded for the year or a 民主评议 meeting was held."""
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    results = _appraisal_counts(ctx)
    meetings = dict(
        held_activities(ctx, ["appraisal"])
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    link = reverse("activities:appraisals")
    for org in orgs:
        params = ctx.params(rule, org)
        for period in ctx.periods("year"):
            total = results.get(org.id, {}).get("total", 0)
            outcome = judge_count(
                ctx,
                rule,
                org,
                period,
                count=1 if total or meetings.get(org.id) else 0,
                needed=int(params["at_least"]),
                noun="民主评议党员",
                verb="开展",
                evidence=[
                    {"label": f"{ctx.year}年民主评议结果", "url": f"{link}?organization={org.id}&year={ctx.year}"}
                ],
                applied=params,
            )
            if total and outcome.status == VerdictStatus.MET:
                outcome.explanation = f"{period_label(period)}已开展民主评议党员，评定{total}人"
            yield outcome


@evaluator("appraisal_quota", topics=(Topic.APPRAISALS, Topic.ORGANIZATIONS))
def appraisal_quota(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    results = _appraisal_counts(ctx)
    link = reverse("activities:appraisals")
    for org in orgs:
        params = ctx.params(rule, org)
        share = float(params["at_most"])
        for period in ctx.periods("year"):
            row = results.get(org.id)
            evidence = [{"label": f"{ctx.year}年民主评议结果", "url": f"{link}?organization={org.id}&year={ctx.year}"}]
            if not row:
                yield Outcome(
                    rule.id,
                    org.id,
                    period,
                    VerdictStatus.NOT_APPLICABLE,
                    f"{period_label(period)}尚未评定等次",
                    [],
                    params,
                )
                continue
            excellent, total = row["excellent"], row["total"]
            ok = excellent <= total * share
            text = f"{period_label(period)}评定{total}人，优秀{excellent}人（占{excellent * 100 // total}%），"
            text += "未超过三分之一" if ok else "超过三分之一"
            status = VerdictStatus.MET if ok else VerdictStatus.MISSED
            yield Outcome(rule.id, org.id, period, status, text, evidence, params)


TALK_KINDS = dict(Talk.Kind.choices)


@evaluator("talk_coverage", topics=(Topic.TALKS, Topic.ORGANIZATIONS))
def talk_coverage(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """Talks between committee members, committee and members, and members, each at least once in the year."""
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    queryset = Talk.objects.filter(talked_on__year=ctx.year)
    if ctx.organization_ids is not None:
        queryset = queryset.filter(organization_id__in=ctx.organization_ids)
    kinds: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, kind, n in (
        queryset.values("organization_id", "kind").annotate(n=Count("id")).values_list("organization_id", "kind", "n")
    ):
        kinds[org_id][kind] = n
    link = reverse("activities:talks")
    for org in orgs:
        params = ctx.params(rule, org)
        wanted = list(params["coverage"])
        for period in ctx.periods("year"):
            done = kinds.get(org.id, {})
            missing = [TALK_KINDS[code] for code in wanted if not done.get(code)]
            evidence = [{"label": f"{ctx.year}年谈心谈话记录", "url": f"{link}?organization={org.id}&year={ctx.year}"}]
            outcome = judge_count(
                ctx,
                rule,
                org,
                period,
                count=len(wanted) - len(missing),
                needed=len(wanted),
                noun="类谈心谈话",
                verb="开展",
                evidence=evidence,
                applied=params,
            )
            summary = "、".join(f"{TALK_KINDS[code]}{n}次" for code, n in done.items() if code in TALK_KINDS)
            if outcome.status == VerdictStatus.MET:
                outcome.explanation = f"{period_label(period)}谈心谈话：{summary}"
            elif outcome.status in (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS):
                outcome.explanation = (
                    f"{period_label(period)}尚无“{'”“'.join(missing)}”的谈话记录"
                    + (f"（已有{summary}）" if summary else "")
                    + (
                        f"，距年底还有{period.days_left(ctx.today)}天"
                        if outcome.status == VerdictStatus.IN_PROGRESS
                        else ""
                    )
                )
            yield outcome


@evaluator("dual_life", topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.MEMBERS, Topic.ORGANIZATIONS))
def dual_life(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """Each leading cadre of the branch (or named to it for 双重组织生活) attended at least once in the quarter."""
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    ids = {org.id for org in orgs}
    cadres: dict[int, list[tuple[int, str]]] = defaultdict(list)
    leading = Member.objects.current().filter(is_leading_cadre=True).order_by("name_initials", "name", "pk")
    if ctx.organization_ids is not None:  # a refresh: only the cadres who belong to, or are named to, these branches
        leading = leading.filter(Q(organization_id__in=ids) | Q(dual_life_organization_id__in=ids))
    for pk, name, home, named in leading.values_list("pk", "name", "organization_id", "dual_life_organization_id"):
        target = named or home
        if target in ids:
            cadres[target].append((pk, name))
    start, end = ctx.window()
    begin, finish = aware_range(start, end)
    attended = set()
    for member_id, org_id, held_at in Attendance.objects.filter(
        status=Attendance.Status.PRESENT,
        member_id__in=[pk for people in cadres.values() for pk, _ in people],
        activity__status__in=HELD,
        activity__held_at__gte=begin,
        activity__held_at__lt=finish,
    ).values_list("member_id", "activity__organization_id", "activity__held_at"):
        attended.add((member_id, org_id, (local_date(held_at).month - 1) // 3))
    for org in orgs:
        params = ctx.params(rule, org)
        people = cadres.get(org.id, [])
        for period in ctx.periods("quarter"):
            quarter = (period.start.month - 1) // 3
            label = period_label(period)
            evidence = [activity_list_link(org, None, period, f"{label}组织生活记录")]
            if not people:
                yield Outcome(
                    rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, "本支部没有领导干部党员", [], params
                )
                continue
            absent = [name for pk, name in people if (pk, org.id, quarter) not in attended]
            outcome = judge_count(
                ctx,
                rule,
                org,
                period,
                count=len(people) - len(absent),
                needed=len(people),
                noun="",
                evidence=evidence,
                applied=params,
            )
            if outcome.status == VerdictStatus.MET:
                outcome.explanation = f"{label}领导干部{len(people)}人均以普通党员身份参加了支部组织生活"
            elif outcome.status in (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS):
                outcome.explanation = (
                    f"{label}领导干部{'、'.join(absent[:5])}{'等' if len(absent) > 5 else ''}尚未参加本支部组织生活"
                )
            yield outcome
