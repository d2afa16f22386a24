"""The training part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages."""

import io
import uuid

from openpyxl import Workbook

from zhibu.activities.models import ActivityKind
from zhibu.members.models import Member
from zhibu.testing import make_member
from zhibu.training.importing import HEADERS
from zhibu.training.models import ClassSession, TrainingClass


def _sheet(member: Member) -> io.BytesIO:
    workbook = Workbook()
    workbook.active.append(list(HEADERS.values()))
    workbook.active.append(
        [member.name, member.id_tail, "审计专题班", "市委党校", "2026-03-02", "2026-03-06", "24", "是"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "training.xlsx"
    return buffer


def do_training_events(tree, admin, did) -> None:
    kind = ActivityKind.objects.get(code="party_lecture")
    did(
        "training.kind_hours_saved", action=lambda: admin.post("/training/kind-hours/", {"kind": kind.pk, "hours": "2"})
    )
    form = {
        "organization": tree.a1.pk,
        "name": "审计培训班",
        "category": "candidate",
        "concentrated": "on",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
    }
    did(
        "training.class_created",
        action=lambda: admin.post("/training/classes/new/", {**form, "submission_key": uuid.uuid4().hex}),
    )
    made = TrainingClass.objects.get(name="审计培训班")
    did(
        "training.session_added",
        action=lambda: admin.post(
            f"/training/classes/{made.pk}/sessions/new/",
            {"held_on": "2026-03-02", "topic": "党章", "hours": "4", "submission_key": uuid.uuid4().hex},
        ),
    )
    learner = make_member(tree.a1, name="审计学员")
    did(
        "training.enrolled",
        action=lambda: admin.post(f"/training/classes/{made.pk}/roster/", {"members": [learner.pk]}),
    )
    session = ClassSession.objects.get(training_class=made)
    did(
        "training.attendance_recorded",
        action=lambda: admin.post(f"/training/sessions/{session.pk}/attendance/", {"present": [learner.pk]}),
    )

    def import_sheet():
        admin.post("/training/external/import/", {"organization": tree.a1.pk, "file": _sheet(learner)})
        key = admin.session["training.pending_import"]["key"]
        return admin.post("/training/external/import/confirm/", {"key": key})

    did("training.external_imported", action=import_sheet)
    did(
        "training.first_topic_saved",
        action=lambda: admin.post(
            "/training/first-topics/", {"title": "审计议题", "source": "《求是》", "published_on": "2026-01-02"}
        ),
    )
    did("training.class_exported", action=lambda: admin.get("/training/classes/export/"))
    did("training.external_exported", action=lambda: admin.get("/training/external/export/"))
