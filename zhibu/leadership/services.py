"""Every write of leaders' duties: a contact point and its end, a visit to it, a research record, a 书记项目 and its
progress. One transaction each with its audit row; contact points, visits and research feed AGY-04/AGY-05, so their
writes announce ``Topic.LEADERSHIP`` for the agency organisation."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.core.uploads import store_upload
from zhibu.leadership.models import (
    ContactPoint,
    ContactVisit,
    ProjectStatus,
    ResearchRecord,
    SecretaryProject,
    VisitKind,
)
from zhibu.members.models import Member
from zhibu.organizations.models import COMMITTEE_KINDS, Organization, OrganizationKind

MAX_RESEARCH_DAYS = 60  # one record; a longer research is recorded in parts
MAX_REPORT_FILES = 5
AGENCY_KINDS = COMMITTEE_KINDS - {OrganizationKind.GONGWEI}


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def _within(inner: Organization, outer: Organization) -> bool:
    return inner.path.startswith(outer.path)


def _check_agency(organization: Organization) -> None:
    if organization.kind not in AGENCY_KINDS:
        raise ValidationError({"organization": "所属党组织应为机关党委或党组"})


def _check_leader(leader: Member, organization: Organization) -> None:
    if not _within(leader.organization, organization):
        raise ValidationError({"leader": f"{leader.name}不是{organization.name}所属的党员"})


def _changed(organization: Organization, day: datetime.date) -> None:
    records_changed(organization=organization, topic=Topic.LEADERSHIP, day=day)


@transaction.atomic
def create_contact_point(
    *,
    actor: Any,
    organization: Organization,
    leader: Member,
    branch: Organization,
    since: datetime.date | None,
    post: str = "",
) -> ContactPoint:
    require(actor, CHANGE, organization)
    _check_agency(organization)
    _check_leader(leader, organization)
    if branch.pk == organization.pk or not _within(branch, organization):
        raise ValidationError({"branch": f"联系支部应为{organization.name}下属的党组织"})
    if since is None:
        raise ValidationError({"since": "请填写联系起始日期"})
    existing = ContactPoint.objects.filter(leader=leader, branch=branch, until__isnull=True).first()
    if existing is not None:
        raise Conflict(
            {"branch": f"{leader.name}已联系{branch.name}（{existing.since:%Y年%m月%d日}起），请修改原记录"},
            existing=existing,
        )
    contact = ContactPoint.objects.create(
        organization=organization,
        leader=leader,
        branch=branch,
        since=since,
        post=(post or "").strip()[:60],
        recorded_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.CONTACT_POINT_CREATED, obj=contact, after=audit.snapshot(contact))
    _changed(organization, since)
    return contact


@transaction.atomic
def update_contact_point(
    *, actor: Any, contactpoint: ContactPoint, post: str = "", until: datetime.date | None = None
) -> ContactPoint:
    contact = ContactPoint.objects.select_for_update().get(pk=contactpoint.pk)
    require(actor, CHANGE, contact)
    if until is not None and until < contact.since:
        raise ValidationError({"until": f"联系终止日期不能早于起始日期（{contact.since:%Y年%m月%d日}）"})
    if until is not None and contact.visits.filter(visited_on__gt=until).exists():
        raise ValidationError({"until": "终止日期之后还有登记的联系点活动，请核对日期"})
    before = audit.snapshot(contact)
    contact.post, contact.until = (post or "").strip()[:60], until
    contact.save(update_fields=["post", "until", "updated_at"])
    audit.record(
        actor=actor, event=Event.CONTACT_POINT_UPDATED, obj=contact, before=before, after=audit.snapshot(contact)
    )
    _changed(contact.organization, until or timezone.localdate())
    return contact


@transaction.atomic
def record_visit(
    *, actor: Any, contactpoint: ContactPoint, visited_on: datetime.date | None, kind: str, notes: str
) -> ContactVisit:
    contact = ContactPoint.objects.select_for_update().get(pk=contactpoint.pk)
    require(actor, CHANGE, contact)
    errors = {}
    if kind not in VisitKind.values:
        errors["kind"] = "请选择内容类别：参加组织生活、调研、讲党课或其他"
    notes = (notes or "").strip()
    if len(notes) < 2:
        errors["notes"] = "请写明到联系点做了什么，如：参加支部主题党日"
    if errors:
        raise ValidationError(errors)
    require_past_date(visited_on, "visited_on", "日期")
    assert visited_on is not None
    if not contact.is_open(visited_on):
        raise ValidationError({"visited_on": f"该日期不在联系期内（{_span(contact)}）"})
    visit = ContactVisit.objects.create(
        contact=contact, visited_on=visited_on, kind=kind, notes=notes[:500], recorded_by=_user(actor)
    )
    audit.record(actor=actor, event=Event.CONTACT_VISIT_RECORDED, obj=visit, after=audit.snapshot(visit))
    _changed(contact.organization, visited_on)
    return visit


def _span(contact: ContactPoint) -> str:
    end = f"{contact.until:%Y年%m月%d日}" if contact.until else "至今"
    return f"{contact.since:%Y年%m月%d日}—{end}"


@transaction.atomic
def record_research(
    *,
    actor: Any,
    organization: Organization,
    leader: Member,
    started_on: datetime.date | None,
    days: int | None,
    topic: str,
    report_title: str = "",
) -> ResearchRecord:
    require(actor, CHANGE, organization)
    _check_agency(organization)
    _check_leader(leader, organization)
    errors = {}
    if days is None or not (1 <= days <= MAX_RESEARCH_DAYS):
        errors["days"] = f"调研天数应为1至{MAX_RESEARCH_DAYS}天的整数；更长的调研请分次登记"
    topic = (topic or "").strip()
    if len(topic) < 2:
        errors["topic"] = "请填写调研课题"
    if errors:
        raise ValidationError(errors)
    require_past_date(started_on, "started_on", "调研日期")
    assert started_on is not None and days is not None
    record = ResearchRecord.objects.create(
        organization=organization,
        leader=leader,
        started_on=started_on,
        days=days,
        topic=topic[:200],
        report_title=(report_title or "").strip()[:200],
        recorded_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.RESEARCH_RECORDED, obj=record, after=audit.snapshot(record))
    _changed(organization, started_on)
    return record


@transaction.atomic
def add_research_report(
    *, actor: Any, researchrecord: ResearchRecord, upload: Any, report_title: str = ""
) -> ResearchRecord:
    """A report file of the research, stored through the attachment checks. A report needs its title: the one given
    here, or the one already recorded; AGY-05 counts a report by its title, so a title given now is announced."""
    record = ResearchRecord.objects.select_for_update().get(pk=researchrecord.pk)
    require(actor, CHANGE, record)
    if upload is None:
        raise ValidationError({"upload": "请选择调研报告文件"})
    if record.reports.count() >= MAX_REPORT_FILES:
        raise ValidationError({"upload": f"每条调研记录最多上传{MAX_REPORT_FILES}个调研报告文件"})
    title = (report_title or "").strip()[:200] or record.report_title
    if not title:
        raise ValidationError({"report_title": "请填写调研报告题目"})
    before = audit.snapshot(record)
    try:
        attachment = store_upload(
            actor=actor, organization=record.organization, purpose="research_report", upload=upload
        )
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    record.reports.add(attachment)
    if title != record.report_title:
        record.report_title = title
        record.save(update_fields=["report_title", "updated_at"])
        _changed(record.organization, record.started_on)
    after = {**audit.snapshot(record), "report_file": attachment.original_name}
    audit.record(actor=actor, event=Event.RESEARCH_REPORT_ADDED, obj=record, before=before, after=after)
    return record


def _check_project(title: str, goals: str, status: str) -> tuple[str, str]:
    errors = {}
    title, goals = (title or "").strip(), (goals or "").strip()
    if len(title) < 2:
        errors["title"] = "请填写项目名称"
    if len(goals) < 2:
        errors["goals"] = "请写明项目目标"
    if status not in ProjectStatus.values:
        errors["status"] = "请选择状态：已立项、推进中、已完成或已终止"
    if errors:
        raise ValidationError(errors)
    return title, goals


@transaction.atomic
def create_project(
    *,
    actor: Any,
    organization: Organization,
    secretary: Member,
    year: int | None,
    title: str,
    goals: str,
    status: str = ProjectStatus.PLANNED,
) -> SecretaryProject:
    require(actor, CHANGE, organization)
    title, goals = _check_project(title, goals, status)
    this_year = timezone.localdate().year
    if year is None or not (this_year - 5 <= year <= this_year + 1):
        raise ValidationError({"year": f"年度应在{this_year - 5}年至{this_year + 1}年之间"})
    if not _within(secretary.organization, organization):
        raise ValidationError({"secretary": f"{secretary.name}不是{organization.name}的党员"})
    existing = SecretaryProject.objects.filter(organization=organization, year=year, title=title).first()
    if existing is not None:
        raise Conflict({"title": f"{organization.name}{year}年已有书记项目“{title}”"}, existing=existing)
    project = SecretaryProject.objects.create(
        organization=organization, secretary=secretary, year=year, title=title[:120], goals=goals, status=status
    )
    audit.record(actor=actor, event=Event.SECRETARY_PROJECT_CREATED, obj=project, after=audit.snapshot(project))
    return project


@transaction.atomic
def update_project(
    *, actor: Any, secretaryproject: SecretaryProject, goals: str, progress: str, status: str
) -> SecretaryProject:
    project = SecretaryProject.objects.select_for_update().get(pk=secretaryproject.pk)
    require(actor, CHANGE, project)
    _, goals = _check_project(project.title, goals, status)
    progress = (progress or "").strip()
    if status == ProjectStatus.DONE and len(progress) < 2:
        raise ValidationError({"progress": "项目完成时请写明取得的成效"})
    before = audit.snapshot(project)
    project.goals, project.progress, project.status = goals, progress, status
    project.save(update_fields=["goals", "progress", "status", "updated_at"])
    audit.record(
        actor=actor, event=Event.SECRETARY_PROJECT_UPDATED, obj=project, before=before, after=audit.snapshot(project)
    )
    return project
