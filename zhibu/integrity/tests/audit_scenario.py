"""The care and integrity part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each
event done once through the pages. Discipline records are written by a 纪检 (nobody else may)."""

import datetime
import uuid

from django.test import Client
from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.care.models import CareCase
from zhibu.integrity.models import DisciplineRecord, RiskPoint
from zhibu.testing import make_member, persona


def do_care_and_integrity_events(tree, admin, did) -> None:
    today = timezone.localdate()
    cared = make_member(tree.a1, name="审计关怀对象")
    case_form = {"member": cared.pk, "kind": "veteran", "reason": "入党五十年", "since": today.isoformat()}
    did(
        "care.case_registered",
        action=lambda: admin.post("/care/new/", {**case_form, "level": "key", "submission_key": uuid.uuid4().hex}),
    )
    case = CareCase.objects.get(member=cared)
    did(
        "care.case_updated",
        action=lambda: admin.post(f"/care/{case.pk}/edit/", {"reason": "入党五十年", "level": "special"}),
    )
    visit = {"kind": "condolence", "visited_on": today.isoformat(), "visitors": "审计走访人", "note": "节日慰问"}
    did(
        "care.visit_recorded",
        action=lambda: admin.post(
            f"/care/{case.pk}/visits/new/", {**visit, "amount": "300", "submission_key": uuid.uuid4().hex}
        ),
    )
    did("care.exported", action=lambda: admin.get("/care/export/"))
    did("care.visits_exported", action=lambda: admin.get("/care/visits/export/"))
    risk_form = {
        "organization": tree.a1.pk,
        "post": "审计岗位",
        "process": "",
        "description": "审计风险点描述",
        "level": "high",
        "controls": "审计防控措施",
        "owner": "审计责任人",
        "review_interval_months": "6",
        "identified_on": (today - datetime.timedelta(days=10)).isoformat(),
        "submission_key": uuid.uuid4().hex,
    }
    did("integrity.risk_created", action=lambda: admin.post("/integrity/risks/new/", risk_form))
    risk = RiskPoint.objects.get(post="审计岗位")
    review = {
        "reviewed_on": today.isoformat(),
        "reviewer": "审计复查人",
        "finding": "落实到位",
        "level": "low",
        "active": "on",
    }
    did(
        "integrity.risk_reviewed",
        action=lambda: admin.post(
            f"/integrity/risks/{risk.pk}/reviews/new/", {**review, "submission_key": uuid.uuid4().hex}
        ),
    )
    did("integrity.risks_exported", action=lambda: admin.get("/integrity/risks/export/"))
    did("integrity.reviews_exported", action=lambda: admin.get("/integrity/reviews/export/"))
    inspector = Client(REMOTE_ADDR="10.1.2.4")
    inspector.force_login(persona("jijian_audit", tree.a, Role.DISCIPLINE))
    subject = make_member(tree.a1, name="审计处置对象")
    record = {"member": subject.pk, "kind": "reminder_talk", "happened_on": today.isoformat(), "reason": "审计事由"}
    did(
        "integrity.discipline_recorded",
        action=lambda: inspector.post(
            "/integrity/discipline/new/", {**record, "outcome": "", "submission_key": uuid.uuid4().hex}
        ),
    )
    made = DisciplineRecord.objects.get(member=subject)
    did(
        "integrity.discipline_updated",
        action=lambda: inspector.post(
            f"/integrity/discipline/{made.pk}/edit/", {"reason": "审计事由", "outcome": "已了结"}
        ),
    )
    did("integrity.discipline_exported", action=lambda: inspector.get("/integrity/discipline/export/"))
