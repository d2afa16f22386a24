"""谈心谈话 and 民主评议: records kept once, with the coverage and quota checks the rules ask for (MTG-12, MTG-13)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from zhibu.activities.models import Appraisal, Talk
from zhibu.committees.models import Position
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.formatting import cn_date
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS


def committee_on(organization, day: datetime.date) -> set[int]:
    return set(
        Position.objects.filter(term__organization=organization, holder__isnull=False, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values_list("holder_id", flat=True)
    )


@transaction.atomic
def record_talk(*, actor, organization, first: Member, second: Member, talked_on: datetime.date, topic: str) -> Talk:
    require(actor, CHANGE, organization)
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError({"organization": "谈心谈话记录在党支部"})
    require_past_date(talked_on, "talked_on", "谈话日期")
    if first.pk == second.pk:
        raise ValidationError({"second": "谈话双方不能是同一人"})
    members = set(Member.objects.in_organization_on(organization, talked_on).values_list("pk", flat=True))
    for person, field in ((first, "first"), (second, "second")):
        if person.pk not in members:
            raise ValidationError({field: f"{person}在谈话当天不是本支部党员"})
    if not (topic or "").strip():
        raise ValidationError({"topic": "请填写谈话主题"})
    same = (
        Talk.objects.filter(organization=organization, talked_on=talked_on)
        .filter(Q(first=first, second=second) | Q(first=second, second=first))
        .first()
    )
    if same is not None:
        raise Conflict(f"{first}与{second}在{cn_date(talked_on)}的谈话已登记", existing=same)
    committee = committee_on(organization, talked_on)
    seats = (first.pk in committee) + (second.pk in committee)
    kind = {2: Talk.Kind.COMMITTEE_COMMITTEE, 1: Talk.Kind.COMMITTEE_MEMBER, 0: Talk.Kind.MEMBER_MEMBER}[seats]
    talk = Talk.objects.create(
        organization=organization, talked_on=talked_on, first=first, second=second, kind=kind, topic=topic.strip()[:200]
    )
    audit.record(actor=actor, event=Event.TALK_RECORDED, obj=talk, after=audit.snapshot(talk))
    records_changed(organization=organization, topic=Topic.TALKS, day=talked_on)
    return talk


@dataclass(frozen=True)
class CoverageRow:
    member: Member
    on_committee: bool
    required: tuple[str, ...]
    done: frozenset

    @property
    def missing(self) -> list[str]:
        return [kind for kind in self.required if kind not in self.done]


def coverage(organization, year: int) -> list[CoverageRow]:
    """Per member, which kinds of talk the year still lacks: committee members need talks with each other and with
    members; ordinary members with the committee and with each other (docs/rules.md MTG-13)."""
    year_end = min(datetime.date(year, 12, 31), datetime.date.today())
    members = list(Member.objects.in_organization_on(organization, year_end).order_by("name_initials", "name"))
    committee = committee_on(organization, year_end)
    done: dict[int, set[str]] = {member.pk: set() for member in members}
    for first, second, kind in Talk.objects.filter(organization=organization, talked_on__year=year).values_list(
        "first_id", "second_id", "kind"
    ):
        for person in (first, second):
            if person in done:
                done[person].add(kind)
    rows = []
    for member in members:
        on_committee = member.pk in committee
        required = ("cc", "cm") if on_committee else ("cm", "mm")
        rows.append(CoverageRow(member, on_committee, required, frozenset(done[member.pk])))
    return rows


@dataclass(frozen=True)
class AppraisalCheck:
    appraised: int
    excellent: int

    @property
    def excellent_over_third(self) -> bool:
        return self.excellent * 3 > self.appraised


@transaction.atomic
def save_appraisals(
    *, actor, organization, year: int, grades: dict[int, str], texts: dict[int, tuple[str, str]] | None = None
) -> AppraisalCheck:
    """Grades (and, optionally, the self-assessment and peer-assessment notes) per member for one year."""
    require(actor, CHANGE, organization)
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError("民主评议在党支部进行")
    if not 2000 <= year <= datetime.date.today().year:
        raise ValidationError({"year": "年度无效"})
    members = {
        m.pk: m
        for m in Member.objects.in_organization_on(
            organization, min(datetime.date(year, 12, 31), datetime.date.today())
        )
    }
    unknown = set(grades) - set(members)
    if unknown:
        raise ValidationError(f"编号为{sorted(unknown)}的人员不是该年度本支部党员")
    bad = [members[pk].name for pk, grade in grades.items() if grade and grade not in Appraisal.Grade.values]
    if bad:
        raise ValidationError(f"评定等次无效：{'、'.join(bad)}")
    texts = texts or {}
    for member_id, grade in grades.items():
        if not grade:
            continue
        self_text, peer_text = (part.strip()[:500] for part in texts.get(member_id, ("", "")))
        appraisal = Appraisal.objects.filter(member_id=member_id, year=year).first()
        before = audit.snapshot(appraisal) if appraisal else None
        appraisal = appraisal or Appraisal(member_id=member_id, year=year, organization=organization)
        changed = appraisal.grade != grade or (
            member_id in texts and (appraisal.self_assessment != self_text or appraisal.peer_summary != peer_text)
        )
        if not changed:
            continue
        appraisal.grade = grade
        if member_id in texts:
            appraisal.self_assessment, appraisal.peer_summary = self_text, peer_text
        appraisal.save()
        audit.record(
            actor=actor, event=Event.APPRAISAL_SAVED, obj=appraisal, before=before, after=audit.snapshot(appraisal)
        )
    records_changed(organization=organization, topic=Topic.APPRAISALS, day=datetime.date(year, 12, 31))
    return appraisal_check(organization, year)


def appraisal_check(organization, year: int) -> AppraisalCheck:
    grades = list(Appraisal.objects.filter(organization=organization, year=year).values_list("grade", flat=True))
    return AppraisalCheck(len(grades), sum(1 for grade in grades if grade == Appraisal.Grade.EXCELLENT))
