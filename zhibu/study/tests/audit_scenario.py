"""The study part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages."""

import uuid

from django.utils import timezone

from zhibu.study.models import StudyList, TheoryGroup
from zhibu.study.tests.helpers import meeting
from zhibu.testing import make_member


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
    leader = make_member(tree.a1, name="中心组组长")
    did(
        "study.theory_group_created",
        action=lambda: admin.post(
            "/study/theory/new/", {"organization": tree.a.pk, "name": "审计中心组", "submission_key": uuid.uuid4().hex}
        ),
    )
    group = TheoryGroup.objects.get(name="审计中心组")
    did(
        "study.theory_group_seated",
        action=lambda: admin.post(f"/study/theory/{group.pk}/members/", {"members": [leader.pk], "leader": leader.pk}),
    )
    did(
        "study.theory_session_recorded",
        action=lambda: admin.post(
            f"/study/theory/{group.pk}/sessions/new/",
            {
                "held_on": today.isoformat(),
                "topic": "审计学习",
                "hours": "2",
                "present": [leader.pk],
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    session = group.sessions.get()
    did(
        "study.theory_session_amended",
        action=lambda: admin.post(
            f"/study/theory/sessions/{session.pk}/amend/",
            {
                "held_on": today.isoformat(),
                "topic": "审计学习",
                "hours": "3",
                "present": [leader.pk],
                "reason": "学时记错",
            },
        ),
    )
    did("study.theory_group_exported", action=lambda: admin.get("/study/theory/export/"))
    did("study.theory_session_exported", action=lambda: admin.get("/study/theory/sessions/export/"))
