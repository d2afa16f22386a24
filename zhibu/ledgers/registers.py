"""政治学习笔记本, the 三台账 beyond the organisation-life ledger (双重组织生活, 书记抓党建责任), and the 年度工作手册:
queries over meetings, attendance, posts, resolutions, rectification items and verdicts."""

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from zhibu.activities.models import Activity, Attendance, Resolution
from zhibu.committees.models import Position
from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period, key_label
from zhibu.core.scoping import VIEW
from zhibu.inspections.models import RectificationItem
from zhibu.ledgers.books import Field, held_between, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.members.models import Member
from zhibu.standards.engine import aware_range, local_date
from zhibu.standards.labels import rule_label
from zhibu.standards.models import Verdict, VerdictStatus

STUDY_FIELDS = (
    Field("日期、形式", "组织生活记录（学习类）：召开时间、类型"),
    Field("学习主题、内容", "组织生活记录：主题、议程"),
    Field("学习材料", "组织生活记录：佐证材料（上传的文件）"),
    Field("参加人员", "出席记录"),
    Field("未参加及事由", "出席记录（请假类型、说明）"),
)


def study_notebook(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    meetings = (
        held_between(user, action, period)
        .filter(organization=organization, kind__is_study=True)
        .select_related("kind")
        .prefetch_related(
            "agenda",
            "evidence",
            Prefetch(
                "attendance",
                queryset=Attendance.objects.visible_to(user, action).select_related("member").order_by("member__name"),
            ),
        )
        .order_by("held_at")
    )
    rows = []
    for activity in meetings:
        rows_of = list(activity.attendance.all())
        present = [row.member.name for row in rows_of if row.status == Attendance.Status.PRESENT]
        away = [
            f"{row.member.name}（{row.get_leave_kind_display() or row.get_status_display()}）"
            for row in rows_of
            if row.status != Attendance.Status.PRESENT
        ]
        content = "；".join(item.title for item in activity.agenda.all())
        rows.append(
            [
                cn_date(local_date(activity.held_at)),
                activity.kind.name,
                f"{activity.title}{'：' + content if content else ''}",
                "、".join(attachment.original_name for attachment in activity.evidence.all()) or "—",
                f"{len(present)}人：{'、'.join(present)}",
                "、".join(away) or "无",
            ]
        )
    document = LedgerDocument("政治学习笔记本", str(organization), period_label(period))
    document.sections.append(
        Section(
            table=Table(
                ["日期", "形式", "学习主题和内容", "学习材料", "参加人员", "未参加"], rows, [13, 10, 30, 16, 36, 22]
            )
        )
    )
    return document


DUAL_FIELDS = (
    Field("领导干部", "党员信息：领导干部及其双重组织生活所在支部"),
    Field("以普通党员身份参加的组织生活", "出席记录"),
    Field("讲党课", "组织生活记录：党课主讲（主持）人"),
)


def dual_life_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    cadres = list(
        Member.objects.visible_to(user, action)
        .current()
        .filter(is_leading_cadre=True)
        .filter(Q(organization=organization) | Q(dual_life_organization=organization))
        .order_by("name")
    )
    begin, finish = aware_range(period.start, period.end)
    attended = defaultdict(list)
    for member_id, held_at, kind in (
        Attendance.objects.filter(
            member__in=cadres,
            status=Attendance.Status.PRESENT,
            activity__organization=organization,
            activity__status__in=("held", "minuted", "signed"),
            activity__held_at__gte=begin,
            activity__held_at__lt=finish,
        )
        .order_by("activity__held_at")
        .values_list("member_id", "activity__held_at", "activity__kind__name")
    ):
        attended[member_id].append(f"{cn_date(local_date(held_at))}{kind}")
    lectures = defaultdict(list)
    for host_id, held_at, title in (
        held_between(user, action, period)
        .filter(host__in=cadres, kind__code="party_lecture")
        .values_list("host_id", "held_at", "title")
    ):
        lectures[host_id].append(f"{cn_date(local_date(held_at))}《{title}》")
    rows = [
        [
            member.name,
            len(attended[member.pk]),
            "、".join(attended[member.pk]) or "未参加",
            "、".join(lectures[member.pk]) or "—",
        ]
        for member in cadres
    ]
    document = LedgerDocument("双重组织生活台账", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=["领导干部以普通党员身份参加所在党支部组织生活的情况。"],
            table=Table(["领导干部", "参加次数", "参加情况", "讲党课"], rows, [10, 8, 60, 30]),
        )
    )
    return document


SECRETARY_FIELDS = (
    Field("班子分工", "班子与届次：当前任职"),
    Field("开展组织生活", "组织生活记录（已召开）"),
    Field("决议落实", "决议及其落实记录"),
    Field("整改事项", "督查整改事项"),
    Field("未达标事项", "标准体系评估结论"),
)


def secretary_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    today = timezone.localdate()
    posts = [
        [name, holder or "（空缺）", cn_date(started)]
        for name, holder, started in Position.objects.visible_to(user, action)
        .filter(term__organization=organization, ended_on__isnull=True)
        .order_by("kind__sort_order")
        .values_list("kind__name", "holder__name", "started_on")
    ]
    counts: defaultdict[Any, int] = defaultdict(int)
    for kind_name in (
        held_between(user, action, period).filter(organization=organization).values_list("kind__name", flat=True)
    ):
        counts[kind_name] += 1
    resolutions = [
        [
            item.text,
            item.owner_member.name if item.owner_member else str(item.owner_organization or ""),
            cn_date(item.deadline),
            "已完成" if item.status == Resolution.Status.DONE else ("已逾期" if item.is_overdue(today) else "落实中"),
        ]
        for item in Resolution.objects.visible_to(user, action)
        .filter(activity__organization=organization, activity__held_at__date__gte=period.start)
        .filter(activity__held_at__date__lte=period.end)
        .select_related("owner_member", "owner_organization")
        .order_by("deadline")
    ]
    items = [
        [item.task, item.owner.name, cn_date(item.deadline), item.get_status_display()]
        for item in RectificationItem.objects.visible_to(user, action)
        .filter(organization=organization, finding__found_on__gte=period.start, finding__found_on__lte=period.end)
        .select_related("owner")
        .order_by("deadline")
    ]
    missed = [
        [rule_label(verdict.rule_id), key_label(verdict.period_key), verdict.explanation]
        for verdict in Verdict.objects.visible_to(user, action)
        .filter(organization=organization, status=VerdictStatus.MISSED)
        .filter(period_start__gte=period.start, period_end__lte=period.end)
        .order_by("period_start", "rule_id")
    ]
    document = LedgerDocument("党支部书记抓党建工作责任台账", str(organization), period_label(period))
    document.sections += [
        Section("一、班子分工（职责）", table=Table(["职务", "姓名", "任职时间"], posts, [16, 16, 20])),
        Section(
            "二、开展组织生活（措施）",
            paragraphs=["；".join(f"{name}{n}次" for name, n in sorted(counts.items())) or "本期没有已召开的会议。"],
        ),
        Section(
            "三、决议落实（成效）",
            table=Table(["决议事项", "责任人", "时限", "落实情况"], resolutions, [40, 10, 14, 12]),
        ),
        Section("四、督查整改", table=Table(["整改要求", "责任人", "时限", "状态"], items, [40, 10, 14, 10])),
        Section("五、未达标事项", table=Table(["规则", "期间", "说明"], missed, [30, 14, 46])),
    ]
    return document.say_none_for_empty_tables()


MANUAL_FIELDS = (
    Field("班子及分工", "班子与届次：当前任职"),
    Field("逐月工作安排（计划）", "组织生活记录：计划时间、类型、主题"),
    Field("完成情况", "组织生活记录：状态、召开时间"),
    Field("学习专题", "组织生活记录（学习类）：主题"),
)


def work_manual(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    begin, finish = aware_range(period.start, period.end)
    planned = (
        Activity.objects.visible_to(user, action)
        .filter(organization=organization, planned_at__gte=begin, planned_at__lt=finish)
        .select_related("kind")
        .order_by("planned_at")
    )
    by_month = defaultdict(list)
    for activity in planned:
        month = local_date(activity.planned_at).month
        if activity.status in ("held", "minuted", "signed"):
            done = f"已于{cn_date(local_date(activity.held_at))}召开"
        elif activity.status == "cancelled":
            done = "已取消"
        else:
            done = "未召开"
        by_month[month].append(
            [f"{month}月", cn_date(local_date(activity.planned_at)), activity.kind.name, activity.title, done]
        )
    rows = [row for month in range(1, 13) for row in by_month.get(month, [])]
    posts = "；".join(
        f"{name}：{holder or '空缺'}"
        for name, holder in Position.objects.visible_to(user, action)
        .filter(term__organization=organization, ended_on__isnull=True)
        .order_by("kind__sort_order")
        .values_list("kind__name", "holder__name")
    )
    topics = [row[3] for row in rows if row[2] in {"党课", "主题党日", "理论学习中心组学习"}]
    document = LedgerDocument("党支部年度工作手册", str(organization), period_label(period))
    document.sections += [
        Section("一、支部班子及分工", paragraphs=[posts or "未登记班子成员。"]),
        Section(
            "二、全年工作安排及完成情况",
            table=Table(["月份", "计划日期", "类型", "主题", "完成情况"], rows, [8, 14, 12, 36, 20]),
        ),
        Section("三、学习专题", paragraphs=["；".join(topics) or "未安排学习专题。"]),
    ]
    return document
