"""The study part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages."""

import uuid

from django.utils import timezone

from zhibu.study.models import StudyList
from zhibu.study.tests.helpers import meeting


def do_study_events(tree, admin, did) -> None:
    today = timezone.localdate()
    form = {"organization": tree.a.pk, "period": "quarter", "year": today.year, "number": (today.month - 1) // 3 + 1}
    did("study.list_issued", action=lambda: admin.post("/study/new/", {**form, "submission_key": uuid.uuid4().hex}))
    made = StudyList.objects.get(organization=tree.a, period="quarter")
    did(
        "study.topic_added",
        action=lambda: admin.post(
            f"/study/{made.pk}/topics/new/",
            {"title": "审计学习内容", "suggested_form": "lecture", "submission_key": uuid.uuid4().hex},
        ),
    )
    activity = meeting(tree.a1)
    topic = made.topics.get()
    did("study.topics_linked", action=lambda: admin.post(f"/study/meetings/{activity.pk}/", {"topics": [topic.pk]}))
    did("study.list_exported", action=lambda: admin.get("/study/export/"))
    did("study.coverage_exported", action=lambda: admin.get(f"/study/{made.pk}/coverage/export/"))
