"""A small plan for the tests, built through the services: 党委A's work points with tasks for its branches."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.testing import SETUP, blank_pdf
from zhibu.worklog import services

CLOCK = "2026-05-10T10:00"
D = datetime.date
ISSUED, DEADLINE = D(2026, 2, 1), D(2026, 6, 30)


def pdf(name="佐证.pdf"):
    return SimpleUploadedFile(name, blank_pdf(), content_type="application/pdf")


def plan_with_task(issuer, owner, *, issued_on=ISSUED, deadline=DEADLINE, title="年度工作要点"):
    """A plan of ``issuer`` with one section, one point and one task for ``owner``: (plan, task)."""
    plan = services.issue_plan(actor=SETUP, issuer=issuer, year=issued_on.year, title=title, issued_on=issued_on)
    section = services.add_section(actor=SETUP, plan=plan, title="坚持以党的政治建设为统领")
    point = services.add_point(actor=SETUP, section=section, text="深入学习贯彻党的二十大精神")
    task = services.add_task(
        actor=SETUP, point=point, owner=owner, deliverable="制定理论学习计划并组织实施", deadline=deadline, weight=5
    )
    return plan, task


def accepted_task(issuer, owner, **kwargs):
    plan, task = plan_with_task(issuer, owner, **kwargs)
    return plan, services.accept_task(actor=SETUP, task=task)
