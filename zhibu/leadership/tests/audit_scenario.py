"""The leadership part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages, by the 工委管理员."""

import uuid

from django.utils import timezone

from zhibu.leadership.models import ContactPoint, ResearchRecord, SecretaryProject
from zhibu.leadership.tests.helpers import report_file
from zhibu.testing import make_member


def do_leadership_events(tree, admin, did) -> None:
    today = timezone.localdate().isoformat()
    leader = make_member(tree.a1, name="审计领导")
    contact_form = {
        "organization": tree.a.pk,
        "leader": leader.pk,
        "post": "局长",
        "branch": tree.a1.pk,
        "since": today,
    }
    did(
        "leadership.contact_created",
        action=lambda: admin.post("/leadership/contacts/new/", {**contact_form, "submission_key": uuid.uuid4().hex}),
    )
    contact = ContactPoint.objects.get(leader=leader)
    visit = {"visited_on": today, "kind": "lecture", "notes": "讲专题党课"}
    did(
        "leadership.visit_recorded",
        action=lambda: admin.post(
            f"/leadership/contacts/{contact.pk}/visits/new/", {**visit, "submission_key": uuid.uuid4().hex}
        ),
    )
    did(
        "leadership.contact_updated",
        action=lambda: admin.post(f"/leadership/contacts/{contact.pk}/edit/", {"post": "局长", "until": today}),
    )
    did("leadership.contacts_exported", action=lambda: admin.get("/leadership/contacts/export/"))
    did("leadership.visits_exported", action=lambda: admin.get("/leadership/visits/export/"))
    research = {
        "organization": tree.a.pk,
        "leader": leader.pk,
        "started_on": today,
        "days": "5",
        "topic": "审计调研课题",
        "report_title": "审计调研报告",
    }
    did(
        "leadership.research_recorded",
        action=lambda: admin.post("/leadership/research/new/", {**research, "submission_key": uuid.uuid4().hex}),
    )
    recorded = ResearchRecord.objects.get(topic="审计调研课题")
    did(
        "leadership.research_report_added",
        action=lambda: admin.post(f"/leadership/research/{recorded.pk}/reports/new/", {"upload": report_file()}),
    )
    did("leadership.research_exported", action=lambda: admin.get("/leadership/research/export/"))
    project = {
        "organization": tree.a1.pk,
        "secretary": leader.pk,
        "year": str(timezone.localdate().year),
        "title": "审计书记项目",
        "goals": "审计项目目标",
        "status": "planned",
    }
    did(
        "leadership.project_created",
        action=lambda: admin.post("/leadership/projects/new/", {**project, "submission_key": uuid.uuid4().hex}),
    )
    made = SecretaryProject.objects.get(title="审计书记项目")
    did(
        "leadership.project_updated",
        action=lambda: admin.post(
            f"/leadership/projects/{made.pk}/edit/",
            {"goals": "审计项目目标", "progress": "已推进", "status": "ongoing"},
        ),
    )
    did("leadership.projects_exported", action=lambda: admin.get("/leadership/projects/export/"))
