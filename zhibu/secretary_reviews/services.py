"""Every write of the 述职评议: the round, a secretary's report (with the figures snapshot), the invited raters, an
anonymous ballot, the critique, the grades and the close. Each runs in one transaction and writes one audit row; a
ballot's audit row names the rater and the report but never the choice."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core import audit, weighting
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.rated_rounds import ORGANISER_KINDS, eligible_raters
from zhibu.core.scoping import CHANGE, require
from zhibu.core.uploads import store_upload
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.secretary_reviews import figures
from zhibu.secretary_reviews.models import (
    CHOICE_SCORES,
    AppraisalRound,
    Ballot,
    Grade,
    Group,
    RaisedItem,
    Rater,
    Report,
    Status,
    Vote,
)


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def subjects(organiser: Organization):
    """The organisations whose secretaries report: those directly below the organiser (一述一评 is the level above
    hearing the secretaries it leads directly; a 党总支's branches report to the 党总支, not past it)."""
    return Organization.objects.filter(parent=organiser, status=Organization.Status.ACTIVE).exclude(
        kind=OrganizationKind.GROUP
    )


# Rounds -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    title: str,
    weight_superior: int = 40,
    weight_peer: int = 30,
    weight_member: int = 30,
    band_good: int = 90,
    band_fairly_good: int = 75,
    band_average: int = 60,
) -> AppraisalRound:
    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    if organization.kind not in ORGANISER_KINDS:
        errors["organization"] = "述职评议由机关工委或机关党委组织，请选择工委或党委"
    title = (title or "").strip()[:100]
    if not title:
        errors["title"] = "请填写名称，如：2026年度党组织书记抓基层党建述职评议考核"
    today = timezone.localdate()
    if year is None or not today.year - 1 <= year <= today.year + 1:
        errors["year"] = f"年度应为{today.year - 1}至{today.year + 1}年"
    weights = {"weight_superior": weight_superior, "weight_peer": weight_peer, "weight_member": weight_member}
    for field, value in weights.items():
        if value is None or not 0 <= value <= 100:
            errors[field] = "权重应为0至100之间的整数"
    if not errors.keys() & weights.keys() and sum(weights.values()) != 100:
        errors["weight_member"] = f"三类评议人的权重之和应为100%，现为{sum(weights.values())}%"
    bands = {"band_good": band_good, "band_fairly_good": band_fairly_good, "band_average": band_average}
    for field, value in bands.items():
        if value is None or not 1 <= value <= 100:
            errors[field] = "分数线应为1至100之间的整数"
    if not errors.keys() & bands.keys() and not band_good > band_fairly_good > band_average:
        errors["band_fairly_good"] = "分数线应满足：“好” > “较好” > “一般”"
    if not errors and AppraisalRound.objects.filter(organization=organization, year=year).exists():
        errors["year"] = f"{organization.name}{year}年度的述职评议已经建立"
    if errors:
        raise ValidationError(errors)
    made = AppraisalRound.objects.create(
        organization=organization, year=year, title=title, created_by=_user(actor), **weights, **bands
    )
    audit.record(actor=actor, event=Event.SECRETARY_REVIEW_ROUND_CREATED, obj=made, after=audit.snapshot(made))
    return made


def _lock_round(appraisal_round: AppraisalRound) -> AppraisalRound:
    return AppraisalRound.objects.select_for_update().select_related("organization").get(pk=appraisal_round.pk)


def _need_status(appraisal_round: AppraisalRound, status: Status, doing: str) -> None:
    if appraisal_round.status != status:
        raise ValidationError(
            f"“{appraisal_round.title}”当前为“{appraisal_round.get_status_display()}”，{doing}须在“{status.label}”阶段进行"
        )


@transaction.atomic
def advance(*, actor: Any, round: AppraisalRound, to: str) -> AppraisalRound:  # noqa: A002 - the form's field name
    """述职中 → 评议中 (the reports are in) → 已定等次 (the grades computed from the ballots) → 已结束."""
    appraisal_round = _lock_round(round)
    require(actor, CHANGE, appraisal_round)
    order = [Status.OPEN, Status.RATING, Status.GRADED, Status.CLOSED]
    if to not in Status.values or to == Status.OPEN:
        raise ValidationError({"to": "请选择下一阶段"})
    target = Status(to)
    current = Status(appraisal_round.status)
    if order.index(target) != order.index(current) + 1:
        raise ValidationError(
            {
                "to": f"当前为“{current.label}”，下一阶段应为“{order[order.index(current) + 1].label}”"
                if current != Status.CLOSED
                else "述职评议已结束"
            }
        )
    reports = list(Report.objects.select_for_update().filter(round=appraisal_round).select_related("organization"))
    if target == Status.RATING:
        if not reports:
            raise ValidationError("尚无书记提交述职报告，不能开始评议")
        if not appraisal_round.raters.exists():
            raise ValidationError("请先邀请评议人")
    if target == Status.GRADED:
        for report in reports:
            result = weighted_score(appraisal_round, report)
            if result.score is None:
                raise ValidationError(f"{report.organization.name}的述职尚无评议票，不能确定等次")
            report.score, report.grade, report.arithmetic = result.score, result.grade, result.as_json()
            report.save(update_fields=["score", "grade", "arithmetic", "updated_at"])
    if target == Status.CLOSED and any(not report.critique for report in reports):
        raise ValidationError("还有述职报告未点评，点评后才能结束")
    before = audit.snapshot(appraisal_round)
    appraisal_round.status = target
    appraisal_round.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.SECRETARY_REVIEW_ADVANCED,
        obj=appraisal_round,
        before=before,
        after=audit.snapshot(appraisal_round),
    )
    if target in (Status.GRADED, Status.CLOSED):
        for report in reports:
            records_changed(
                organization=report.organization,
                topic=Topic.SECRETARY_REPORTS,
                day=datetime.date(appraisal_round.year, 12, 31),
            )
    return appraisal_round


# Reports ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_report(
    *,
    actor: Any,
    round: AppraisalRound,  # noqa: A002 - the form's and the API's field name
    organization: Organization,
    secretary: str,
    text: str,
    upload: Any = None,
) -> Report:
    appraisal_round = _lock_round(round)
    require(actor, CHANGE, organization)
    _need_status(appraisal_round, Status.OPEN, "提交述职报告")
    if (
        organization.parent_id != appraisal_round.organization_id
        or not subjects(appraisal_round.organization).filter(pk=organization.pk).exists()
    ):
        raise ValidationError(
            {
                "organization": f"{organization.name}不是{appraisal_round.organization.name}直接领导的党组织，不在本次述职范围内"
            }
        )
    secretary = (secretary or "").strip()
    if not 2 <= len(secretary) <= 50:
        raise ValidationError({"secretary": "请填写述职书记的姓名"})
    text = (text or "").strip()
    if len(text) < 20:
        raise ValidationError({"text": "请填写述职报告（至少20个字）"})
    if len(text) > 20000:
        raise ValidationError({"text": "述职报告不能超过20000个字，较长的材料请作为附件上传"})
    if Report.objects.filter(round=appraisal_round, organization=organization).exists():
        raise ValidationError({"organization": f"{organization.name}已提交述职报告，不能重复提交"})
    today = timezone.localdate()
    attachment = (
        store_upload(actor=actor, organization=organization, purpose="述职报告附件", upload=upload) if upload else None
    )
    report = Report.objects.create(
        round=appraisal_round,
        organization=organization,
        secretary=secretary,
        text=text,
        attachment=attachment,
        figures=figures.organization_figures(organization, appraisal_round.year, today),
        submitted_on=today,
        submitted_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.SECRETARY_REVIEW_REPORT_SUBMITTED, obj=report, after=audit.snapshot(report))
    records_changed(
        organization=organization, topic=Topic.SECRETARY_REPORTS, day=datetime.date(appraisal_round.year, 12, 31)
    )
    return report


@transaction.atomic
def critique(*, actor: Any, report: Report, text: str) -> Report:
    """The organiser's 点评 of one report."""
    report = Report.objects.select_for_update().select_related("round__organization", "organization").get(pk=report.pk)
    require(actor, CHANGE, report.round)
    if report.round.status == Status.CLOSED:
        raise ValidationError("述职评议已结束，不能再修改点评")
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationError({"text": "请填写点评意见（至少10个字），指出成绩、问题和整改要求"})
    before = audit.snapshot(report)
    report.critique, report.critiqued_on = text[:10000], timezone.localdate()
    report.save(update_fields=["critique", "critiqued_on", "updated_at"])
    audit.record(
        actor=actor, event=Event.SECRETARY_REVIEW_CRITIQUED, obj=report, before=before, after=audit.snapshot(report)
    )
    return report


# Raters and ballots -----------------------------------------------------------------------------------------------


@transaction.atomic
def invite_rater(*, actor: Any, round: AppraisalRound, user: Any, group: str) -> Rater:  # noqa: A002
    appraisal_round = _lock_round(round)
    require(actor, CHANGE, appraisal_round)
    if appraisal_round.status not in (Status.OPEN, Status.RATING):
        raise ValidationError("评议已结束，不能再邀请评议人")
    if group not in Group.values:
        raise ValidationError({"group": "请选择评议人类别：上级、同级或党员代表"})
    if user is None or not eligible_raters(appraisal_round.organization).filter(pk=user.pk).exists():
        raise ValidationError({"user": f"评议人须是{appraisal_round.organization.name}及其上级、下级党组织在用的账号"})
    if Rater.objects.filter(round=appraisal_round, user=user).exists():
        raise ValidationError({"user": f"{user}已是本次述职评议的评议人"})
    rater = Rater.objects.create(round=appraisal_round, user=user, group=group)
    audit.record(actor=actor, event=Event.SECRETARY_REVIEW_RATER_INVITED, obj=rater, after=audit.snapshot(rater))
    return rater


def rater_for(user: Any, appraisal_round: AppraisalRound) -> Rater | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Rater.objects.filter(round=appraisal_round, user=user).first()


@transaction.atomic
def cast_ballot(*, actor: Any, report: Report, choice: str) -> Vote:
    """One rater's anonymous ballot on one report. What is stored with the rater is only that they voted; the ballot
    itself carries the rater group and the choice, nothing that leads back to the rater."""
    report = Report.objects.select_related("round", "organization").get(pk=report.pk)
    appraisal_round = _lock_round(report.round)
    rater = rater_for(actor, appraisal_round)
    if rater is None:
        raise PermissionDenied("您不是本次述职评议的评议人")
    _need_status(appraisal_round, Status.RATING, "投票")
    if choice not in Grade.values:
        raise ValidationError({"choice": "请选择评价：好、较好、一般或差"})
    if Vote.objects.filter(report=report, rater=rater).exists():
        raise ValidationError(f"您已对{report.organization.name}的述职投过票，不能重复投票")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(report=report, rater=rater)
    except IntegrityError as duplicate:  # a second submit racing the first
        raise ValidationError(f"您已对{report.organization.name}的述职投过票，不能重复投票") from duplicate
    Ballot.objects.create(report=report, group=rater.group, choice=choice)
    audit.record(
        actor=actor,
        event=Event.SECRETARY_REVIEW_VOTED,
        organization=report.organization,
        object_repr=str(report),
        extra={"report": report.pk},  # never the choice
    )
    return vote


# The weighted score -----------------------------------------------------------------------------------------------


class Score:
    """The weighted score of one report with its arithmetic (``zhibu.core.weighting``): per rater group the ballots,
    their mean and the weight; a group with no ballots drops out and the others' weights are taken over what
    remains."""

    def __init__(self, appraisal_round: AppraisalRound, ballots: list[tuple[str, str]]) -> None:
        weights = appraisal_round.weights()
        parts = []
        self.rows: list[dict[str, Any]] = []
        for group in Group:
            choices = [choice for g, choice in ballots if g == group]
            counts = {grade.label: sum(1 for c in choices if c == grade) for grade in Grade}
            part = weighting.Part(group.label, weights[group], tuple(CHOICE_SCORES[Grade(c)] for c in choices))
            parts.append(part)
            self.rows.append(
                {
                    "group": group.label,
                    "ballots": len(choices),
                    "counts": counts,
                    "counts_text": "/".join(str(n) for n in counts.values()),
                    "mean": weighting.cents(part.mean),
                    "weight": part.weight,
                }
            )
        self.weighted = weighting.combine(parts)
        self.used_weight = self.weighted.used_weight
        self.score: Decimal | None = self.weighted.score
        self.grade: str = appraisal_round.grade_for(self.score).value if self.score is not None else ""
        self.bands = (appraisal_round.band_good, appraisal_round.band_fairly_good, appraisal_round.band_average)

    def formula(self) -> str:
        if self.score is None:
            return "尚无评议票"
        good, fairly, average = self.bands
        grade = Grade(self.grade).label
        terms = self.weighted.terms().replace("无数据的项不计", "无票的类别不计")
        return f"{terms} = {self.score}分 → {grade}（好≥{good}，较好≥{fairly}，一般≥{average}，以下为差）"

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "scores": {grade.label: CHOICE_SCORES[grade] for grade in Grade},
            "formula": self.formula(),
        }


def weighted_score(appraisal_round: AppraisalRound, report: Report) -> Score:
    return Score(appraisal_round, list(Ballot.objects.filter(report=report).values_list("group", "choice")))


# The rectification list -------------------------------------------------------------------------------------------


@transaction.atomic
def raise_item(*, actor: Any, report: Report, point: Any, deliverable: str, deadline: datetime.date | None) -> Any:
    """An item raised in the critique becomes a task of the reporting organisation under a point of the organiser's
    work plan (``worklog.services.add_task``), linked to the report."""
    from zhibu.worklog import services as worklog
    from zhibu.worklog.models import Point

    report = Report.objects.select_for_update().select_related("round__organization", "organization").get(pk=report.pk)
    require(actor, CHANGE, report.round)
    if not report.critique:
        raise ValidationError("请先点评，整改事项来自点评中指出的问题")
    if point is None or not Point.objects.visible_to(actor, CHANGE).filter(pk=point.pk).exists():
        raise ValidationError({"point": "请选择本单位工作要点中的一项"})
    point = Point.objects.select_related("section__plan__issuer").get(pk=point.pk)
    if point.section.plan.issuer_id != report.round.organization_id:
        raise ValidationError({"point": f"整改事项应纳入{report.round.organization.name}印发的工作要点"})
    task = worklog.add_task(
        actor=actor,
        point=point,
        owner=report.organization,
        deliverable=f"述职点评整改：{(deliverable or '').strip()}" if (deliverable or "").strip() else "",
        deadline=deadline,  # type: ignore[arg-type]  # add_task refuses a missing deadline with its message
    )
    item = RaisedItem.objects.create(report=report, task=task)
    audit.record(actor=actor, event=Event.SECRETARY_REVIEW_ITEM_RAISED, obj=item, after=audit.snapshot(item))
    return item
