"""The reporting part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages, by the 工委 administrator sending to branch A1 and answering for it."""

import datetime
import uuid

from django.utils import timezone

from zhibu.reporting.models import ReportAnswer, ReportRequest


def do_reporting_events(tree, admin, did) -> None:
    today = timezone.localdate()
    form = {
        "organization": tree.gongwei.pk,
        "title": "审计报送要求",
        "answer_kind": "form",
        "questions": "审计填报项",
        "reach": "picked",
        "picked": [tree.a1.pk],
        "deadline": (today + datetime.timedelta(days=3)).isoformat(),
    }
    did(
        "report.request_sent",
        action=lambda: admin.post("/reporting/requests/new/", {**form, "submission_key": uuid.uuid4().hex}),
    )
    request = ReportRequest.objects.get(title="审计报送要求")
    answer = ReportAnswer.objects.get(request=request)
    did("report.laggards_reminded", action=lambda: admin.post(f"/reporting/requests/{request.pk}/remind/", {}))
    did("report.answer_submitted", action=lambda: admin.post(f"/reporting/{answer.pk}/submit/", {"item_0": "已完成"}))
    did(
        "report.answer_returned",
        action=lambda: admin.post(f"/reporting/{answer.pk}/review/", {"decision": "return", "reason": "请补充"}),
    )
    admin.post(f"/reporting/{answer.pk}/submit/", {"item_0": "已补充"})
    did("report.answer_accepted", action=lambda: admin.post(f"/reporting/{answer.pk}/review/", {"decision": "accept"}))
    did("report.exported", action=lambda: admin.get("/reporting/export/"))
    did("report.burden_exported", action=lambda: admin.get("/reporting/burden/export/"))
