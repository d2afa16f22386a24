"""Builders for the leadership tests, through the services: a leader of an agency with a contact point, visits,
research records, a 书记项目. Dates default to the test clock's year."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from zhibu.leadership import services
from zhibu.testing import SETUP, make_member


def contact(agency, branch, name: str = "领导甲", since: datetime.date | None = None, person=None):
    start = since or datetime.date(timezone.localdate().year, 1, 1)
    return services.create_contact_point(
        actor=SETUP,
        organization=agency,
        leader=person or make_member(branch, name=name),
        branch=branch,
        since=start,
        post="党组成员",
    )


def visit(made, on: datetime.date, kind: str = "life"):
    return services.record_visit(actor=SETUP, contactpoint=made, visited_on=on, kind=kind, notes="参加支部主题党日")


def research(agency, person, on: datetime.date, days: int = 10, report: str = "关于机关党建的调研报告"):
    return services.record_research(
        actor=SETUP,
        organization=agency,
        leader=person,
        started_on=on,
        days=days,
        topic="机关党建与业务融合",
        report_title=report,
    )


def project(organization, secretary, year: int | None = None, title: str = "支部建在项目上"):
    return services.create_project(
        actor=SETUP,
        organization=organization,
        secretary=secretary,
        year=year or timezone.localdate().year,
        title=title,
        goals="每季度开展一次项目攻坚",
    )


def report_file(name: str = "调研报告.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def with_report(record, name: str = "调研报告.png"):
    return services.add_research_report(actor=SETUP, researchrecord=record, upload=report_file(name))
