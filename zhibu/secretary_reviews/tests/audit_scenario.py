"""The 述职评议 part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done once
through the pages."""

import datetime
import uuid

from django.test import Client
from django.utils import timezone

from zhibu.secretary_reviews.models import AppraisalRound, Report
from zhibu.secretary_reviews.tests.helpers import TEXT
from zhibu.testing import SETUP


def do_secretary_review_events(tree, personas, did) -> None:
    def client(name="党委管理员A"):
        made = Client(REMOTE_ADDR="10.1.2.3")
        made.force_login(personas[name])
        return made

    today = timezone.localdate()
    form = {
        "organization": tree.a.pk,
        "year": today.year,
        "title": "审计述职评议",
        "weight_superior": 40,
        "weight_peer": 30,
        "weight_member": 30,
        "band_good": 90,
        "band_fairly_good": 75,
        "band_average": 60,
        "submission_key": uuid.uuid4().hex,
    }
    did("secretary_review.round_created", action=lambda: client().post("/secretary-reviews/new/", form))
    made = AppraisalRound.objects.get(title="审计述职评议")
    report_form = {
        "round": made.pk,
        "organization": tree.a1.pk,
        "secretary": "张书记",
        "text": TEXT,
        "submission_key": uuid.uuid4().hex,
    }
    did(
        "secretary_review.report_submitted",
        action=lambda: client("支部书记A1").post("/secretary-reviews/reports/new/", report_form),
    )
    report = Report.objects.get(round=made)
    rater = {"user": personas["党员A1"].pk, "group": "member"}
    did(
        "secretary_review.rater_invited",
        action=lambda: client().post(f"/secretary-reviews/{made.pk}/raters/new/", rater),
    )
    did(
        "secretary_review.advanced",
        action=lambda: client().post(f"/secretary-reviews/{made.pk}/advance/", {"to": "rating"}),
    )
    did(
        "secretary_review.voted",
        action=lambda: client("党员A1").post("/secretary-reviews/ballots/", {"report": report.pk, "choice": "good"}),
    )
    critique = {"text": "抓党建工作思路清晰，组织生活记录还需规范。"}
    did(
        "secretary_review.critiqued",
        action=lambda: client().post(f"/secretary-reviews/reports/{report.pk}/critique/", critique),
    )
    from zhibu.worklog import services as worklog

    plan = worklog.issue_plan(actor=SETUP, issuer=tree.a, year=today.year, title="述职整改要点", issued_on=today)
    point = worklog.add_point(
        actor=SETUP, section=worklog.add_section(actor=SETUP, plan=plan, title="整改"), text="述职整改"
    )
    item = {
        "point": point.pk,
        "deliverable": "规范组织生活记录",
        "deadline": (today + datetime.timedelta(days=30)).isoformat(),
    }
    did(
        "secretary_review.item_raised",
        action=lambda: client().post(f"/secretary-reviews/reports/{report.pk}/items/new/", item),
    )
    for event, path in (
        ("secretary_review.rounds_exported", "/secretary-reviews/export/"),
        ("secretary_review.reports_exported", "/secretary-reviews/reports/export/"),
    ):
        did(event, action=lambda path=path: client().get(path))
