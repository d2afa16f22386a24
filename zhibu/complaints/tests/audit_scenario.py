"""The complaints part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages. The citizen's own rows (submission, rating) carry no source address by design (C5), so they
are checked without it; the security log's rows carry it."""

import datetime
import time
import uuid

from django.test import Client
from django.utils import timezone

from zhibu.complaints import challenge, services
from zhibu.complaints.models import Complaint, ComplaintKind, IntakePoint
from zhibu.complaints.tests.helpers import cover_years_around, solved
from zhibu.complaints.throttle import form_stamp
from zhibu.testing import SETUP

WITHOUT_ADDRESS = ("occurred_at", "actor_name", "event", "outcome", "request_id", "row_hash", "prev_hash")


def do_complaint_events(tree, admin, did, web_fields) -> None:
    did(
        "complaint.kind_saved",
        action=lambda: admin.post(
            "/complaints/kinds/", {"name": "审计类别", "deadline_days": "5", "active": "on", "order": "0"}
        ),
    )
    kind = ComplaintKind.objects.get(name="审计类别")
    point_form = {"organization": tree.a1.pk, "unit_name": "审计单位", "kind": "unit", "name": ""}
    did(
        "complaint.intake_created",
        action=lambda: admin.post("/complaints/intake-points/new/", {**point_form, "submission_key": uuid.uuid4().hex}),
    )
    point = IntakePoint.objects.get(unit_name="审计单位")
    did(
        "complaint.intake_updated",
        action=lambda: admin.post(
            f"/complaints/intake-points/{point.pk}/edit/", {**point_form, "name": "一楼大厅", "active": "on"}
        ),
    )
    did("complaint.intake_exported", action=lambda: admin.get("/complaints/intake-points/export/"))

    def submit(**extra):
        body = {
            "submission_key": uuid.uuid4().hex,
            "kind": kind.pk,
            "what": "窗口工作人员要求反复补交同样的材料，前后跑了三趟。",
            "place": "一楼大厅",
            "happened_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "started": form_stamp(time.time() - 30),
            "altcha": solved(challenge.issue()),
            **extra,
        }
        return Client(REMOTE_ADDR="10.7.7.7").post(point.public_path(), body)

    did("complaint.submitted", fields=WITHOUT_ADDRESS, action=submit)
    did("complaint.intake_logged", fields=web_fields, action=submit)
    did("complaint.refused", fields=web_fields, action=lambda: submit(website="spam"))
    complaint = Complaint.objects.filter(intake_point=point).earliest("id")
    today = timezone.localdate()
    step = {"kind": "accept", "happened_on": today.isoformat(), "official": "审计经办人", "note": ""}
    did("complaint.step_recorded", action=lambda: admin.post(f"/complaints/{complaint.pk}/steps/new/", step))
    did("complaint.exported", action=lambda: admin.get("/complaints/export/"))
    for kind_code in ("assign", "answer", "close"):
        services.record_step(
            actor=SETUP, complaint=complaint, kind=kind_code, happened_on=today, official="审计经办人", note="已办"
        )
    did(
        "complaint.rated",
        fields=WITHOUT_ADDRESS,
        action=lambda: Client().post(f"/complaints/track/{complaint.tracking_code}/", {"rating": "satisfied"}),
    )
    _refusal_and_more(tree, admin, did, point)


def _refusal_and_more(tree, admin, did, point) -> None:
    from zhibu.inspections.models import RectificationItem

    other = Complaint.objects.filter(intake_point=point).latest("id")  # the second submission, still open
    today = timezone.localdate()
    cover_years_around(today)
    refusal_form = {"decided_on": today.isoformat(), "official": "审计决定人", "reason": "超出本单位职权范围"}
    did("complaint.refusal_recorded", action=lambda: admin.post(f"/complaints/{other.pk}/refusal/new/", refusal_form))
    refusal = other.refusal
    review = {"reviewed_on": today.isoformat(), "reviewer": "审计复核人", "decision": "report", "note": ""}
    did("complaint.refusal_reviewed", action=lambda: admin.post(f"/complaints/refusals/{refusal.pk}/review/", review))
    decide = {"closed_on": today.isoformat(), "official": "审计上级", "decision": "维持不予办理，向投诉人说明"}
    did("complaint.refusal_closed", action=lambda: admin.post(f"/complaints/refusals/{refusal.pk}/decide/", decide))
    item = RectificationItem.objects.filter(organization__path__startswith=other.organization.path).first()
    assert item is not None, "the inspections scenario leaves a rectification item in branch A1"
    did(
        "complaint.rectification_linked",
        action=lambda: admin.post(f"/complaints/{other.pk}/rectification/", {"item": item.pk}),
    )
    did("complaint.stats_exported", action=lambda: admin.get("/complaints/statistics/", {"export": "1"}))
    _return_visits(admin, did, point)


def _return_visits(admin, did, point) -> None:
    """A complaint with a phone, closed: its unsatisfied 回访 reopens it, the second 办结 is visited again."""
    today = timezone.localdate()
    visited, _ = services.submit_complaint(
        point=point,
        submission_key=uuid.uuid4().hex,
        kind=ComplaintKind.objects.get(name="审计类别"),
        what="窗口告知的材料清单与网上公布的不一致，白跑一趟。",
        place="一楼大厅",
        happened_on=today - datetime.timedelta(days=1),
        contact="13912345678",
    )

    def handle(kinds):
        for kind_code in kinds:
            services.record_step(
                actor=SETUP, complaint=visited, kind=kind_code, happened_on=today, official="审计经办人", note="已办"
            )

    handle(("accept", "assign", "answer", "close"))
    url = f"/complaints/{visited.pk}/return-visit/new/"
    visit = {"visited_on": today.isoformat(), "way": "phone", "visitor": "审计回访人", "feedback": "材料清单仍不一致"}
    reopen = {**visit, "satisfied": "no", "follow_up": "reopen", "decision_note": "重新核对材料清单后再次答复"}
    did("complaint.reopened", action=lambda: admin.post(url, reopen))
    handle(("assign", "answer", "close"))
    did("complaint.return_visited", action=lambda: admin.post(url, {**visit, "satisfied": "yes", "feedback": "已解决"}))
    did("complaint.return_visits_exported", action=lambda: admin.get("/complaints/return-visits/export/"))
