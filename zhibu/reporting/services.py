"""Every write of reporting up the line: send a request to the organisations below, answer it (a form, a file, or
a generated report), accept or return an answer, remind the laggards. One transaction each, with its audit row. No
verdict reads these records, so no ``records_changed`` is announced."""

import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.core.uploads import store_upload
from zhibu.ledgers import render_docx
from zhibu.ledgers.document import LedgerDocument
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.reporting.generated import GENERATED
from zhibu.reporting.models import (
    OPEN_STATUSES,
    AnswerKind,
    AnswerStatus,
    Reach,
    ReportAnswer,
    ReportRequest,
)

MAX_QUESTIONS = 30
MAX_ANSWER = 2000
MAX_DAYS_AHEAD = 366
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def recipients(organization: Organization, reach: str, picked: Iterable[Organization] = ()) -> list[Organization]:
    below = Organization.objects.filter(status=Organization.Status.ACTIVE, path__startswith=organization.path).exclude(
        pk=organization.pk
    )
    if reach == Reach.CHILDREN:
        return list(below.filter(parent=organization))
    if reach == Reach.BRANCHES:
        return list(below.filter(kind__in=BRANCH_KINDS))
    chosen = {org.pk for org in picked}
    return list(below.filter(pk__in=chosen))


@transaction.atomic
def send_request(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    answer_kind: str,
    reach: str,
    deadline: datetime.date | None,
    body: str = "",
    questions: str = "",
    month: datetime.date | None = None,
    year: int | None = None,
    picked: Sequence[Organization] = (),
) -> ReportRequest:
    """Send a request to the organisations below ``organization``; each recipient gets one answer to give."""
    require(actor, CHANGE, organization)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) < 2:
        errors["title"] = "请填写标题，如：报送2026年11月组织生活月报"
    if answer_kind not in AnswerKind.values:
        errors["answer_kind"] = "请选择报送方式：填写表单、上传文件或系统生成的月报、台账"
    if reach not in Reach.values:
        errors["reach"] = "请选择报送范围：全部直属下级组织、所属全部党支部或指定的组织"
    if deadline is None:
        errors["deadline"] = "请填写截止日期"
    elif deadline < today:
        errors["deadline"] = "截止日期不能早于今天"
    elif (deadline - today).days > MAX_DAYS_AHEAD:
        errors["deadline"] = "截止日期不能晚于一年以后"
    lines = [line.strip() for line in (questions or "").splitlines() if line.strip()]
    if answer_kind == AnswerKind.FORM:
        if not lines:
            errors["questions"] = "报送方式为填写表单时，请列出填报项目，每行一项"
        elif len(lines) > MAX_QUESTIONS or any(len(line) > 100 for line in lines):
            errors["questions"] = f"填报项目最多{MAX_QUESTIONS}项，每项不超过100字"
    generated = GENERATED.get(answer_kind)
    periods: dict[str, Any] = {"month": month, "year": year}
    if generated is not None:
        problem = generated.period_error(periods[generated.period_field], today)
        if problem:
            errors[generated.period_field] = problem
    if reach == Reach.PICKED:
        outside = [org for org in picked if not org.path.startswith(organization.path) or org.pk == organization.pk]
        if outside:
            errors["picked"] = f"只能向本组织的下级组织发送：{'、'.join(str(org) for org in outside)}不是下级组织"
        elif not picked:
            errors["picked"] = "请选择接收的组织"
    if errors:
        raise ValidationError(errors)
    assert deadline is not None
    targets = recipients(organization, reach, picked)
    if not targets:
        raise ValidationError({"reach": "该范围内没有正常状态的下级组织，请改选报送范围"})
    request = ReportRequest.objects.create(
        organization=organization,
        title=title[:100],
        body=body[:2000],
        answer_kind=answer_kind,
        questions="\n".join(lines) if answer_kind == AnswerKind.FORM else "",
        month=generated.stored_period(month) if generated and generated.period_field == "month" else None,
        year=generated.stored_period(year) if generated and generated.period_field == "year" else None,
        reach=reach,
        deadline=deadline,
        sent_by=_user(actor),
    )
    ReportAnswer.objects.bulk_create(ReportAnswer(request=request, organization=org) for org in targets)
    audit.record(
        actor=actor,
        event=Event.REPORT_REQUEST_SENT,
        obj=request,
        after=audit.snapshot(request),
        extra={"recipients": [org.pk for org in targets]},
    )
    return request


def _lock(answer: ReportAnswer) -> ReportAnswer:
    return ReportAnswer.objects.select_for_update().select_related("request", "organization").get(pk=answer.pk)


def snapshot_of(document: LedgerDocument) -> dict[str, Any]:
    """The generated report's figures as submitted, so that a later change of the records does not alter an answer."""
    sections = [
        {
            "heading": section.heading,
            "paragraphs": list(section.paragraphs),
            "columns": list(section.table.columns) if section.table else [],
            "rows": [[str(cell) for cell in row] for row in section.table.rows] if section.table else [],
        }
        for section in document.sections
    ]
    data = {
        "title": document.title,
        "organization": document.organization,
        "period": document.period,
        "sections": sections,
    }
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def generated_report(actor: Any, answer: ReportAnswer) -> LedgerDocument:
    """The ledger the request's kind asks for, of the recipient and the request's period, from the records."""
    return GENERATED[answer.request.answer_kind].build(actor, answer, VIEW)


def report_file(document: LedgerDocument) -> SimpleUploadedFile:
    """The generated report as a Word file, stored with the answer like an uploaded one so the level above downloads
    exactly what was submitted (and the upload service checks it as it checks every file)."""
    name = f"{document.organization}{document.period}{document.title}.docx"
    return SimpleUploadedFile(name, render_docx.render(document), content_type=DOCX)


@transaction.atomic
def submit_answer(*, actor: Any, answer: ReportAnswer, answers: Sequence[str] = (), upload: Any = None) -> ReportAnswer:
    """Answer a request: a form's texts, a file, or — for a generated kind (月报, 中心组学习台账) — the report generated
    from the records, kept both as its figures (``snapshot``) and as the .docx file (``attachment``)."""
    answer = _lock(answer)
    require(actor, CHANGE, answer)
    if answer.status not in OPEN_STATUSES:
        raise ValidationError({"__all__": f"本单位已报送（{answer.get_status_display()}），无需重复报送"})
    request = answer.request
    before = audit.snapshot(answer)
    generated = GENERATED.get(request.answer_kind)
    if generated is not None:
        document = generated_report(actor, answer)
        answer.snapshot = snapshot_of(document)
        answer.attachment = store_upload(
            actor=actor, organization=answer.organization, purpose=generated.purpose, upload=report_file(document)
        )
        answer.fields_typed = 0
    elif request.answer_kind == AnswerKind.FORM:
        questions = request.question_list
        texts = [(text or "").strip() for text in answers]
        texts = (texts + [""] * len(questions))[: len(questions)]
        missing = [question for question, text in zip(questions, texts, strict=True) if not text]
        if missing:
            raise ValidationError({"answers": f"请填写：{'、'.join(missing)}"})
        if any(len(text) > MAX_ANSWER for text in texts):
            raise ValidationError({"answers": f"每项填写不超过{MAX_ANSWER}字"})
        answer.answers = [[q, t] for q, t in zip(questions, texts, strict=True)]
        answer.fields_typed = len(questions)
    elif request.answer_kind == AnswerKind.FILE:
        if upload is None:
            raise ValidationError({"upload": "请选择要报送的文件"})
        answer.attachment = store_upload(
            actor=actor, organization=answer.organization, purpose="reporting.answer", upload=upload
        )
        answer.fields_typed = 0
    answer.status = AnswerStatus.SUBMITTED
    answer.submitted_at = timezone.now()
    answer.submitted_by = _user(actor)
    answer.save()
    audit.record(
        actor=actor, event=Event.REPORT_ANSWER_SUBMITTED, obj=answer, before=before, after=audit.snapshot(answer)
    )
    return answer


def require_sender(actor: Any, answer: ReportAnswer) -> None:
    """Only the sender's keepers review; the recipient's own keepers, who see the answer, are refused (403)."""
    if not can(actor, CHANGE, answer.request.organization.path):
        raise PermissionDenied("只有发文组织可以审核报送")


@transaction.atomic
def review_answer(*, actor: Any, answer: ReportAnswer, accept: bool, reason: str = "") -> ReportAnswer:
    """The sender accepts an answer (审核通过) or returns it with a reason (退回); a returned answer is submitted again."""
    answer = _lock(answer)
    require_sender(actor, answer)
    if answer.status != AnswerStatus.SUBMITTED:
        raise ValidationError({"__all__": f"只能审核已报送的答复，当前状态：{answer.get_status_display()}"})
    reason = (reason or "").strip()
    if not accept and len(reason) < 2:
        raise ValidationError({"reason": "退回时请写明原因，如：出席率与签到表不符，请核对后重报"})
    before = audit.snapshot(answer)
    answer.reviewed_at = timezone.now()
    if accept:
        answer.status = AnswerStatus.ACCEPTED
        answer.return_reason = ""
    else:
        answer.status = AnswerStatus.RETURNED
        answer.return_reason = reason[:300]
        answer.times_returned += 1
    answer.save()
    audit.record(
        actor=actor,
        event=Event.REPORT_ANSWER_ACCEPTED if accept else Event.REPORT_ANSWER_RETURNED,
        obj=answer,
        before=before,
        after=audit.snapshot(answer),
    )
    return answer


@transaction.atomic
def remind_laggards(*, actor: Any, reportrequest: ReportRequest) -> int:
    """Remind every recipient that has not answered (or must answer again) in one step; returns how many."""
    request = ReportRequest.objects.select_for_update().get(pk=reportrequest.pk)
    require(actor, CHANGE, request)
    laggards = list(request.answers.select_for_update().filter(status__in=OPEN_STATUSES).select_related("organization"))
    if not laggards:
        raise ValidationError({"__all__": "所有接收组织均已报送，无需催报"})
    today = timezone.localdate()
    for answer in laggards:
        answer.reminders += 1
        answer.reminded_on = today
    ReportAnswer.objects.bulk_update(laggards, ["reminders", "reminded_on", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.REPORT_LAGGARDS_REMINDED,
        obj=request,
        extra={"reminded": [str(answer.organization) for answer in laggards]},
    )
    return len(laggards)
