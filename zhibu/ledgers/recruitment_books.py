"""发展党员 materials: the filing lists, the pre-review list, the admission filing, the full-membership pre-review form
and the yearly statistics for the 党内统计. Each is read from the recorded steps of the recruits of the organisation
and its subtree (a branch, or a 党委 over its branches) for one year; nothing here is typed."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.ledgers.books import Field, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.recruitment import rules
from zhibu.recruitment.catalogue import catalogue
from zhibu.recruitment.models import Recruit, RecruitStep, Stage, StepPerson


@dataclass
class Path:
    """One recruit with their steps by code (in date order) and the people each step names."""

    recruit: Recruit
    steps: dict[str, list[RecruitStep]] = field(default_factory=dict)

    def first(self, code: str) -> RecruitStep | None:
        found = self.steps.get(code)
        return found[0] if found else None

    def last(self, code: str) -> RecruitStep | None:
        found = self.steps.get(code)
        return found[-1] if found else None

    def on(self, code: str) -> str:
        step = self.last(code)
        return cn_date(step.happened_on) if step else ""

    def in_period(self, code: str, period: Period) -> RecruitStep | None:
        return next((s for s in self.steps.get(code, ()) if period.start <= s.happened_on <= period.end), None)

    def names(self, code: str, role: str) -> str:
        step = self.last(code)
        if step is None:
            return ""
        return "、".join(person.member.name for person in step.people.all() if person.role == role)

    def stage_on(self, day: datetime.date) -> str:
        """The stage the recorded steps had reached on the day ("" before the application)."""
        stage = ""
        for step in sorted((s for steps in self.steps.values() for s in steps), key=lambda s: (s.happened_on, s.pk)):
            entered = catalogue().step(step.code).enters
            if step.happened_on <= day and entered:
                stage = entered
        return stage

    def probation_end(self) -> datetime.date | None:
        past = [
            rules.PastStep(s.code, s.happened_on, s.extension_months) for steps in self.steps.values() for s in steps
        ]
        return rules.probation_end(past)


def paths(user, organization: Organization, action: str) -> list[Path]:
    recruits = (
        Recruit.objects.visible_to(user, action)
        .filter(organization__path__startswith=organization.path)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=RecruitStep.objects.select_related("vote").prefetch_related(
                    Prefetch("people", queryset=StepPerson.objects.select_related("member"))
                ),
            )
        )
        .order_by("organization__path", "name", "pk")
    )
    found = []
    for recruit in recruits:
        path = Path(recruit)
        for step in sorted(recruit.steps.all(), key=lambda s: (s.happened_on, s.pk)):
            path.steps.setdefault(step.code, []).append(step)
        found.append(path)
    return found


def _branch(recruit: Recruit) -> str:
    return recruit.organization.short_name or recruit.organization.name


def _person(recruit: Recruit) -> list[Any]:
    work = "，".join(part for part in (recruit.employer, recruit.employer_position) if part)
    return [
        recruit.name,
        recruit.get_gender_display(),
        cn_date(recruit.birth_date),
        recruit.ethnicity,
        recruit.get_education_display(),
        work,
        _branch(recruit),
    ]


PERSON_COLUMNS = ["姓名", "性别", "出生日期", "民族", "学历", "工作单位及职务", "所在党支部"]
PERSON_WIDTHS = [8, 4, 12, 6, 8, 20, 14]
PERSON_FIELD = Field("姓名、性别、出生日期、民族、学历、工作单位及职务、所在党支部", "发展对象档案")


def _numbered(rows: Iterable[list[Any]]) -> list[list[Any]]:
    return [[index, *row] for index, row in enumerate(rows, start=1)]


def _listing(
    title: str, organization: Organization, period: Period, paragraph: str, columns: list[str], widths, rows
) -> LedgerDocument:
    document = LedgerDocument(title, str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=[paragraph.format(count=len(rows))],
            table=Table(["序号", *PERSON_COLUMNS, *columns], _numbered(rows), [4, *PERSON_WIDTHS, *widths]),
        )
    )
    return document.say_none_for_empty_tables()


# ---- 入党积极分子备案 ----------------------------------------------------------------------------------------------

ACTIVIST_FIELDS = (
    PERSON_FIELD,
    Field("递交入党申请书日期", "发展步骤：递交入党申请书"),
    Field("确定为入党积极分子日期", "发展步骤：推荐和确定入党积极分子"),
    Field("培养联系人", "发展步骤：指定培养联系人"),
    Field("备案日期", "发展步骤：上级党委备案"),
)


def activist_filing(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    rows = [
        [
            *_person(p.recruit),
            p.on("application"),
            p.on("activist"),
            p.names("mentors", "mentor"),
            p.on("activist_filed"),
        ]
        for p in paths(user, organization, action)
        if p.in_period("activist", period)
    ]
    return _listing(
        "入党积极分子备案表",
        organization,
        period,
        "本年度经支部委员会确定的入党积极分子{count}名，报上级党委备案。",
        ["递交申请书日期", "确定为积极分子日期", "培养联系人", "备案日期"],
        [12, 12, 12, 12],
        rows,
    )


# ---- 发展对象备案 --------------------------------------------------------------------------------------------------

CANDIDATE_FIELDS = (
    PERSON_FIELD,
    Field("递交入党申请书、确定为入党积极分子日期", "发展步骤"),
    Field("确定为发展对象日期、培养考察时间", "发展步骤：确定发展对象"),
    Field("入党介绍人", "发展步骤：确定入党介绍人"),
    Field("备案日期", "发展步骤：报上级党委备案"),
)


def _training_span(start: datetime.date, end: datetime.date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    years, months = divmod(months, 12)
    return (f"{years}年" if years else "") + (f"{months}个月" if months or not years else "")


def candidate_filing(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    rows = []
    for p in paths(user, organization, action):
        candidate, activist = p.in_period("candidate", period), p.first("activist")
        if candidate is None:
            continue
        span = _training_span(activist.happened_on, candidate.happened_on) if activist else ""
        rows.append(
            [
                *_person(p.recruit),
                p.on("application"),
                p.on("activist"),
                cn_date(candidate.happened_on),
                span,
                p.names("sponsors", "sponsor"),
                p.on("candidate_filed"),
            ]
        )
    return _listing(
        "发展对象备案表",
        organization,
        period,
        "本年度经支部委员会确定的发展对象{count}名，报上级党委备案。",
        ["递交申请书日期", "确定为积极分子日期", "确定为发展对象日期", "培养考察时间", "入党介绍人", "备案日期"],
        [12, 12, 12, 8, 12, 12],
        rows,
    )


# ---- 发展对象预审名单 ----------------------------------------------------------------------------------------------

PRE_REVIEW_FIELDS = (
    PERSON_FIELD,
    Field("确定为发展对象日期", "发展步骤：确定发展对象"),
    Field("政审结论", "发展步骤：进行政治审查"),
    Field("集中培训", "发展步骤：开展集中培训"),
    Field("支委会审查日期、预审日期", "发展步骤：支部委员会审查、上级党委预审"),
)


def _training(p: Path) -> str:
    step = p.last("training")
    if step is None:
        return ""
    parts = [
        f"{step.training_days}天" if step.training_days else "",
        f"{step.training_hours}学时" if step.training_hours else "",
    ]
    return f"{cn_date(step.happened_on)}（{''.join(parts)}）" if any(parts) else cn_date(step.happened_on)


def pre_review_list(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    rows = []
    for p in paths(user, organization, action):
        review = p.in_period("committee_review", period)
        if review is None:
            continue
        vetting = p.last("vetting")
        rows.append(
            [
                *_person(p.recruit),
                p.on("candidate"),
                vetting.vetting_conclusion if vetting else "",
                _training(p),
                cn_date(review.happened_on),
                p.on("pre_review") or "待预审",
            ]
        )
    return _listing(
        "发展对象预审名单",
        organization,
        period,
        "本年度经支部委员会审查、报具有审批权限的党委预审的发展对象{count}名。",
        ["确定为发展对象日期", "政审结论", "集中培训", "支委会审查日期", "预审日期"],
        [12, 20, 16, 12, 12],
        rows,
    )


# ---- 接收预备党员备案 ----------------------------------------------------------------------------------------------

ADMISSION_FIELDS = (
    PERSON_FIELD,
    Field("入党介绍人", "发展步骤：确定入党介绍人"),
    Field("支部大会日期、表决结果", "发展步骤：支部大会讨论接收预备党员（会议表决记录）"),
    Field("审批日期、预备期", "发展步骤：上级党委审批"),
    Field("备案日期", "发展步骤：再上一级党委组织部门备案"),
)


def _tally(step: RecruitStep | None) -> str:
    if step is None or step.vote is None:
        return ""
    vote = step.vote
    text = f"应到{vote.eligible}人，实到{vote.present_eligible}人；赞成{vote.yes}、反对{vote.no}、弃权{vote.abstain}"
    return text + (f"；书面赞成{step.written_yes}" if step.written_yes else "")


def admission_filing(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    rows = []
    for p in paths(user, organization, action):
        approval = p.in_period("admission_approval", period)
        if approval is None:
            continue
        vote = p.last("admission_vote")
        rows.append(
            [
                *_person(p.recruit),
                p.names("sponsors", "sponsor"),
                cn_date(vote.happened_on) if vote else "",
                _tally(vote),
                cn_date(approval.happened_on),
                f"{p.on('admission_vote')}至{cn_date(p.probation_end())}",
                p.on("admission_filed"),
            ]
        )
    return _listing(
        "接收预备党员备案表",
        organization,
        period,
        "本年度经上级党委审批接收的预备党员{count}名，报再上一级党委组织部门备案。",
        ["入党介绍人", "支部大会日期", "表决结果", "审批日期", "预备期", "备案日期"],
        [12, 12, 24, 12, 24, 12],
        rows,
    )


# ---- 预备党员转正预审表 --------------------------------------------------------------------------------------------

FULL_PRE_REVIEW_FIELDS = (
    PERSON_FIELD,
    Field("入党介绍人、接收日期、预备期", "发展步骤：确定入党介绍人、支部大会讨论接收、上级党委审批、延长预备期"),
    Field("入党宣誓、考察次数", "发展步骤：入党宣誓、继续教育考察"),
    Field("转正申请、支部大会讨论转正及表决结果、审批", "发展步骤：提出转正申请、支部大会讨论转正、上级党委审批转正"),
)


def full_pre_review(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    document = LedgerDocument("预备党员转正预审表", str(organization), period_label(period))
    chosen = [p for p in paths(user, organization, action) if p.in_period("full_application", period)]
    document.sections.append(Section(paragraphs=[f"本年度提出转正申请的预备党员{len(chosen)}名，每人一表。"]))
    for index, p in enumerate(chosen):
        recruit, extension = p.recruit, p.last("extension_approval")
        vote = p.last("full_vote")
        facts = [
            (label, value) for label, value in zip(PERSON_COLUMNS, _person(recruit), strict=True) if label != "姓名"
        ]
        facts += [
            ("入党介绍人", p.names("sponsors", "sponsor")),
            ("支部大会接收日期", p.on("admission_vote")),
            ("上级党委审批日期", p.on("admission_approval")),
            ("入党宣誓日期", p.on("oath")),
            (
                "延长预备期",
                f"{extension.extension_months}个月（{cn_date(extension.happened_on)}批准）" if extension else "无",
            ),
            ("预备期满日期", cn_date(p.probation_end())),
            ("预备期考察", f"{len(p.steps.get('probation_review', []))}次"),
            ("转正申请日期", p.on("full_application")),
            ("支部大会讨论转正", f"{cn_date(vote.happened_on)}，{_tally(vote)}" if vote else "尚未讨论"),
            ("上级党委审批转正", p.on("full_approval") or "尚未审批"),
        ]
        document.sections.append(Section(heading=recruit.name, facts=facts, page_break=index > 0))
    return document


# ---- 年度发展党员统计 ----------------------------------------------------------------------------------------------

STATISTICS_FIELDS = (
    Field("年末各阶段人数", "发展步骤（截至年末的最近阶段）"),
    Field("本年递交申请、确定积极分子、确定发展对象", "发展步骤"),
    Field("本年接收预备党员、转正、延长预备期、终止培养、取消预备党员资格", "发展步骤"),
)
YEAR_END_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)
IN_YEAR = (
    ("application", "递交入党申请"),
    ("activist", "确定积极分子"),
    ("candidate", "确定发展对象"),
    ("admission_approval", "接收预备党员"),
    ("full_approval", "按期转正"),
    ("extension_approval", "延长预备期"),
    ("stopped", "终止培养"),
    ("probation_cancelled", "取消预备党员资格"),
)


def recruitment_statistics(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    branches = list(
        Organization.objects.visible_to(user, action)
        .filter(path__startswith=organization.path, kind__in=BRANCH_KINDS)
        .order_by("path")
    )
    # (branch, "stage", stage) at the year's end; (branch, "step", code) recorded in the year
    counts: defaultdict[tuple[int, str, str], int] = defaultdict(int)
    for p in paths(user, organization, action):
        branch = p.recruit.organization_id
        counts[(branch, "stage", p.stage_on(period.end))] += 1
        for code, _ in IN_YEAR:
            counts[(branch, "step", code)] += sum(
                period.start <= s.happened_on <= period.end for s in p.steps.get(code, ())
            )
    keys = [*(("stage", str(stage)) for stage in YEAR_END_STAGES), *(("step", code) for code, _ in IN_YEAR)]
    figures = [[counts[(b.pk, kind, key)] for kind, key in keys] for b in branches]
    totals = [sum(column) for column in zip(*figures, strict=True)] if figures else [0] * len(keys)
    rows: list[list[Any]] = [[b.short_name or b.name, *row] for b, row in zip(branches, figures, strict=True)]
    rows.append(["合计", *totals])
    columns = [f"年末{Stage(stage).label}" for stage in YEAR_END_STAGES] + [f"本年{label}" for _, label in IN_YEAR]
    document = LedgerDocument("发展党员工作年度统计", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=[
                f"统计截至{cn_date(period.end)}：年末人数按各人截至年末已登记的最近阶段计算，本年数按步骤登记日期计算。"
            ],
            table=Table(["党支部", *columns], rows, [16, *[7] * len(columns)]),
        )
    )
    return document
