"""Every write of the awards app: the round, a nomination (with the quota check), the steps of the selection path,
the objections during 公示 and the approval that writes the honour. Each runs in one transaction and writes one audit
row. A new round and an approved honour are announced (``records_changed``, topic 评选表彰) to the round's
organisation: AGY-06 (award quotas) judges the honours approved in its rounds."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.awards import records
from zhibu.awards.models import (
    MEMBER_CATEGORIES,
    AwardRound,
    Category,
    Honour,
    Nomination,
    Objection,
    Resolution,
    Stage,
    Step,
)
from zhibu.core import audit, publicity
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.formatting import cn_date
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import require_past_date
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

# The organisations whose peers an advanced-organisation quota counts: the basic organisations (条例第二条).
BASIC_KINDS = BRANCH_KINDS | {OrganizationKind.GENERAL_BRANCH}
AUTHORITY_KINDS = frozenset({OrganizationKind.GONGWEI, OrganizationKind.DANGWEI})


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


# Rounds -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    member_cap_percent: int = 15,
    worker_cap_percent: int = 15,
    org_cap_percent: int = 20,
    publicity_days: int = 5,
) -> AwardRound:
    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    if organization.kind not in AUTHORITY_KINDS:
        errors["organization"] = "评选表彰由机关工委或机关党委组织，请选择工委或党委"
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写评选名称，如：2026年度“两优一先”评选"
    today = timezone.localdate()
    if year is None or not today.year - 1 <= year <= today.year + 1:
        errors["year"] = f"年度应为{today.year - 1}至{today.year + 1}年"
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = "推荐截止日期不能早于推荐开始日期"
    for field, value, low, high in (
        ("member_cap_percent", member_cap_percent, 1, 100),
        ("worker_cap_percent", worker_cap_percent, 1, 100),
        ("org_cap_percent", org_cap_percent, 1, 100),
        ("publicity_days", publicity_days, 1, 30),
    ):
        if value is None or not low <= value <= high:
            errors[field] = f"应为{low}至{high}之间的整数"
    if errors:
        raise ValidationError(errors)
    made = AwardRound.objects.create(
        organization=organization,
        year=year,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        member_cap_percent=member_cap_percent,
        worker_cap_percent=worker_cap_percent,
        org_cap_percent=org_cap_percent,
        publicity_days=publicity_days,
        created_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.AWARD_ROUND_CREATED, obj=made, after=audit.snapshot(made))
    records_changed(organization=organization, topic=Topic.AWARDS, day=datetime.date(year, 12, 31))
    return made


# Quotas ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quota:
    organization: Organization
    category: Category
    peers: int
    percent: int
    used: int

    @property
    def cap(self) -> int:
        # Rounded down, in whole numbers: 38 members × 15% = 5.7 → 5. Integer arithmetic, so exactly 15% (20 members,
        # 3 nominations) is within the cap and no floating-point rounding moves an edge.
        return self.peers * self.percent // 100

    @property
    def left(self) -> int:
        return max(self.cap - self.used, 0)

    def describe(self) -> str:
        if self.category == Category.ADVANCED_ORG:
            return (
                f"{self.organization.name}所属基层党组织{self.peers}个，{self.category.label}名额上限{self.cap}个"
                f"（{self.percent}%，向下取整），已推荐{self.used}个"
            )
        return (
            f"{self.organization.name}党员{self.peers}人，{self.category.label}名额上限{self.cap}人"
            f"（{self.percent}%，向下取整），已推荐{self.used}人"
        )


def peers(category: str, quota_organization: Organization) -> int:
    if category == Category.ADVANCED_ORG:
        return (
            Organization.objects.filter(path__startswith=quota_organization.path, kind__in=BASIC_KINDS)
            .exclude(pk=quota_organization.pk)
            .count()
        )
    return Member.objects.current().in_subtree(quota_organization).count()


def quota(award_round: AwardRound, category: str, quota_organization: Organization) -> Quota:
    used = (
        Nomination.objects.filter(round=award_round, category=category, quota_organization=quota_organization)
        .exclude(stage=Stage.REJECTED)
        .count()
    )
    return Quota(
        organization=quota_organization,
        category=Category(category),
        peers=peers(category, quota_organization),
        percent=award_round.cap_percent(category),
        used=used,
    )


class QuotaExceeded(ValidationError):
    """A nomination over the cap: the message gives the peers, the cap and the nominations already made."""

    def __init__(self, current: Quota, award_round: AwardRound) -> None:
        super().__init__(f"{current.describe()}，名额已满，不能再推荐")
        self.quota, self.round = current, award_round


def record_quota_refusal(*, actor: Any, refusal: QuotaExceeded) -> None:
    """The refusal is worth knowing (who tried to exceed which cap), but the refused nomination's transaction is rolled
    back: the caller writes this after it, outside."""
    audit.record(
        actor=actor,
        event=Event.AWARD_QUOTA_REFUSED,
        organization=refusal.quota.organization,
        outcome="refused",
        object_repr=refusal.round.title,
        extra={"round": refusal.round.pk, "category": refusal.quota.category.value, "message": refusal.messages[0]},
    )


# Nominations -----------------------------------------------------------------------------------------------------


def _in_subtree(organization: Organization, ancestor: Organization) -> bool:
    return organization.path.startswith(ancestor.path)


@transaction.atomic
def nominate(
    *,
    actor: Any,
    round: AwardRound,  # noqa: A002 - the form's and the API's field name
    category: str,
    reasons: str,
    member: Member | None = None,
    organization: Organization | None = None,
) -> Nomination:
    # The round's row is locked first: two nominations counted against the same cap queue here, so the second one
    # sees the first and a cap is never exceeded by a race.
    award_round = AwardRound.objects.select_for_update().select_related("organization").get(pk=round.pk)
    today = timezone.localdate()
    if category not in Category.values:
        raise ValidationError({"category": "请选择推荐类别：优秀共产党员、优秀党务工作者或先进基层党组织"})
    if not award_round.opens_on <= today <= award_round.closes_on:
        raise ValidationError(
            f"“{award_round.title}”的推荐时间为{cn_date(award_round.opens_on)}至{cn_date(award_round.closes_on)}，"
            "当前不在推荐期内"
        )
    if category in MEMBER_CATEGORIES:
        if member is None:
            raise ValidationError({"member": f"推荐{Category(category).label}请选择被推荐的党员"})
        member = Member.objects.select_related("organization").get(pk=member.pk)
        nominee_org = member.organization
        quota_org = member.organization
        if not Member.objects.current().filter(pk=member.pk).exists():
            raise ValidationError({"member": f"{member.name}不在党员名册上（已转出、出党或去世），不能推荐"})
    else:
        if organization is None:
            raise ValidationError({"organization": "推荐先进基层党组织请选择被推荐的党组织"})
        if organization.kind not in BASIC_KINDS:
            raise ValidationError({"organization": "先进基层党组织只能推荐党支部或党总支"})
        nominee_org, quota_org, member = organization, award_round.organization, None
    require(actor, CHANGE, nominee_org)
    if not _in_subtree(nominee_org, award_round.organization) or nominee_org == award_round.organization:
        raise ValidationError(f"{nominee_org.name}不在{award_round.organization.name}的评选范围内")
    reasons = (reasons or "").strip()
    if len(reasons) < 10:
        raise ValidationError({"reasons": "请写明推荐理由和主要事迹（至少10个字）"})
    duplicate = Nomination.objects.filter(round=award_round, category=category, organization=nominee_org)
    duplicate = duplicate.filter(member=member) if member is not None else duplicate.filter(member__isnull=True)
    if duplicate.exists():
        raise ValidationError(
            f"{member.name if member else nominee_org.name}已被推荐为{Category(category).label}，不能重复推荐"
        )
    current = quota(award_round, category, quota_org)
    if current.used + 1 > current.cap:
        raise QuotaExceeded(current, award_round)
    record = (
        records.member_record(member, award_round.year, today)
        if member is not None
        else records.organization_record(nominee_org, award_round.year, today)
    )
    nomination = Nomination.objects.create(
        round=award_round,
        category=category,
        member=member,
        organization=nominee_org,
        quota_organization=quota_org,
        reasons=reasons[:4000],
        record=record,
        nominated_on=today,
        created_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.AWARD_NOMINATED, obj=nomination, after=audit.snapshot(nomination))
    return nomination


# The selection path ----------------------------------------------------------------------------------------------


def holds_discipline(actor: Any, organization: Organization) -> bool:
    """Whether the actor holds the 纪检 role over the organisation (the discipline inspection opinion is theirs)."""
    if isinstance(actor, CommandActor):
        return True  # a command (the demo builder, an import) acts with full scope and is audited under its name
    rows = actor._grant_rows() if hasattr(actor, "_grant_rows") else []
    return any(role == Role.DISCIPLINE and organization.path.startswith(path) for role, path in rows)


def unresolved(nomination: Nomination) -> int:
    return nomination.objections.filter(resolution="").count()


def acts_on_step(user, nomination: Nomination, step: Step) -> bool:
    """Whether the user is the one who records this step (the page offers its form only to them): the branch for its
    evaluation and study, the round's organisation for 公示 and approval, 纪检 for its opinion."""
    if not Nomination.objects.visible_to(user).filter(pk=nomination.pk).exists():
        return False
    if step == Step.DISCIPLINE:
        return holds_discipline(user, nomination.organization)
    if step in (Step.PUBLICISE, Step.DECIDE):
        return AwardRound.objects.visible_to(user, CHANGE).filter(pk=nomination.round_id).exists()
    return Nomination.objects.visible_to(user, CHANGE).filter(pk=nomination.pk).exists()


@transaction.atomic
def record_step(
    *,
    actor: Any,
    nomination: Nomination,
    step: str,
    happened_on: datetime.date | None,
    note: str = "",
    agrees: bool = True,
) -> Nomination:
    """One step of 党员评议 → 支部研究 → 公示 → 纪检意见 → 审批, in that order. ``agrees`` is the 纪检 opinion's and the
    decision's yes or no."""
    nomination = Nomination.objects.select_for_update().select_related("round__organization").get(pk=nomination.pk)
    award_round = nomination.round
    if step not in Step.values:
        raise ValidationError({"step": "请选择步骤"})
    step = Step(step)
    expected = nomination.next_step
    if expected is None:
        raise ValidationError(f"该推荐已{nomination.get_stage_display()}，不能再登记步骤")
    if step != expected:
        raise ValidationError(
            {
                "step": f"下一步应为“{expected.label}”，不能登记“{step.label}”（顺序：党员评议、支部研究、公示、纪检意见、审批）"
            }
        )
    # Who acts: the branch for its evaluation and study, the authority for 公示 and approval, 纪检 for its opinion.
    if step == Step.DISCIPLINE:
        require(actor, "view", nomination)
        if not holds_discipline(actor, nomination.organization):
            raise PermissionDenied("纪检意见须由纪检人员出具")
    elif step in (Step.PUBLICISE, Step.DECIDE):
        require(actor, "view", nomination)
        if not AwardRound.objects.visible_to(actor, CHANGE).filter(pk=award_round.pk).exists():
            raise PermissionDenied(f"{step.label}由{award_round.organization.name}办理")
    else:
        require(actor, CHANGE, nomination)
    require_past_date(happened_on, "happened_on", "日期")
    assert happened_on is not None
    note = (note or "").strip()[:500]
    before = audit.snapshot(nomination)
    if step == Step.EVALUATE:
        _need(note, "请写明党员评议情况，如：参加评议党员35人，同意33人")
        _not_before(happened_on, nomination.nominated_on, "推荐")
        nomination.evaluated_on, nomination.evaluation_note = happened_on, note
    elif step == Step.STUDY:
        _need(note, "请写明支部研究意见，如：支委会研究同意推荐")
        _not_before(happened_on, nomination.evaluated_on, "党员评议")
        nomination.studied_on, nomination.study_note = happened_on, note
    elif step == Step.PUBLICISE:
        _not_before(happened_on, nomination.studied_on, "支部研究")
        until = publicity.publicity_until(happened_on, award_round.publicity_days)
        nomination.publicity_from, nomination.publicity_until = happened_on, until
    elif step == Step.DISCIPLINE:
        assert nomination.publicity_until is not None
        if happened_on <= nomination.publicity_until:
            raise ValidationError(
                {
                    "happened_on": f"公示期至{cn_date(nomination.publicity_until)}结束"
                    f"（{award_round.publicity_days}个工作日），公示期满后才能出具纪检意见"
                }
            )
        _need(note, "请写明纪检意见，如：经查，未发现违规违纪问题")
        nomination.discipline_on, nomination.discipline_opinion = happened_on, note
        nomination.discipline_agrees, nomination.discipline_by = agrees, _user(actor)
    else:
        open_objections = unresolved(nomination)
        if open_objections:
            raise ValidationError(f"公示期间收到的{open_objections}条异议尚未核实处理，处理完毕后才能审批")
        if agrees and not nomination.discipline_agrees:
            raise ValidationError("纪检意见为不同意，不能批准")
        _not_before(happened_on, nomination.discipline_on, "纪检意见")
        nomination.decided_on, nomination.decision_note, nomination.decided_by = happened_on, note, _user(actor)
    nomination.stage = _stage_after(step, agrees)
    nomination.save()
    audit.record(
        actor=actor,
        event=Event.AWARD_STEP_RECORDED,
        obj=nomination,
        before=before,
        after=audit.snapshot(nomination),
        extra={"step": step.value},
    )
    if nomination.stage == Stage.APPROVED:
        _write_honour(actor, nomination, happened_on)
    return nomination


def _stage_after(step: Step, agrees: bool) -> Stage:
    if step == Step.DECIDE:
        return Stage.APPROVED if agrees else Stage.REJECTED
    if step == Step.DISCIPLINE and not agrees:
        return Stage.CLEARED  # the authority still decides; it cannot approve against a 纪检 objection
    return {
        Step.EVALUATE: Stage.EVALUATED,
        Step.STUDY: Stage.STUDIED,
        Step.PUBLICISE: Stage.PUBLICISED,
        Step.DISCIPLINE: Stage.CLEARED,
    }[step]


def _need(note: str, message: str) -> None:
    if len(note) < 2:
        raise ValidationError({"note": message})


def _not_before(day: datetime.date, earlier: datetime.date | None, label: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError({"happened_on": f"日期不能早于{label}的日期（{cn_date(earlier)}）"})


def _write_honour(actor: Any, nomination: Nomination, day: datetime.date) -> Honour:
    award_round = nomination.round
    honour = Honour.objects.create(
        nomination=nomination,
        title=f"{award_round.year}年度{nomination.get_category_display()}",
        category=nomination.category,
        year=award_round.year,
        member=nomination.member,
        organization=nomination.organization,
        awarded_by=award_round.organization,
        awarded_on=day,
    )
    audit.record(actor=actor, event=Event.AWARD_HONOUR_WRITTEN, obj=honour, after=audit.snapshot(honour))
    records_changed(
        organization=award_round.organization, topic=Topic.AWARDS, day=datetime.date(award_round.year, 12, 31)
    )
    return honour


# Objections during 公示 ------------------------------------------------------------------------------------------


@transaction.atomic
def record_objection(
    *, actor: Any, nomination: Nomination, received_on: datetime.date | None, content: str, raised_by: str = ""
) -> Objection:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    require(actor, CHANGE, nomination)
    if nomination.stage != Stage.PUBLICISED or nomination.publicity_from is None:
        raise ValidationError("只有公示中的推荐才能登记异议")
    assert nomination.publicity_until is not None
    fields = publicity.objection_fields(
        received_on=received_on,
        content=content,
        raised_by=raised_by,
        start=nomination.publicity_from,
        until=nomination.publicity_until,
    )
    objection = Objection.objects.create(nomination=nomination, recorded_by=_user(actor), **fields)
    audit.record(actor=actor, event=Event.AWARD_OBJECTION_RECORDED, obj=objection, after=audit.snapshot(objection))
    return objection


@transaction.atomic
def answer_objection(
    *, actor: Any, objection: Objection, answered_on: datetime.date | None, answer: str, resolution: str
) -> Objection:
    objection = Objection.objects.select_for_update().select_related("nomination").get(pk=objection.pk)
    require(actor, CHANGE, objection)
    before = audit.snapshot(objection)
    publicity.apply_answer(objection, answered_on=answered_on, answer=answer, resolution=resolution)
    objection.save()
    audit.record(
        actor=actor, event=Event.AWARD_OBJECTION_ANSWERED, obj=objection, before=before, after=audit.snapshot(objection)
    )
    if resolution == Resolution.UPHELD:
        nomination = Nomination.objects.select_for_update().get(pk=objection.nomination_id)
        if nomination.stage not in (Stage.APPROVED, Stage.REJECTED):
            nomination_before = audit.snapshot(nomination)
            nomination.stage = Stage.REJECTED
            nomination.decision_note = "公示异议经核实属实，撤销推荐"
            nomination.save(update_fields=["stage", "decision_note", "updated_at"])
            audit.record(
                actor=actor,
                event=Event.AWARD_STEP_RECORDED,
                obj=nomination,
                before=nomination_before,
                after=audit.snapshot(nomination),
                extra={"step": "withdrawn"},
            )
    return objection
