"""The 四强 part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done once
through the pages. 公示 must end before the naming, so the later steps travel forward from the scenario's clock —
never back (see the awards part, whose ``_later`` this shares)."""

import datetime
import uuid

from django.test import Client
from django.utils import timezone

from zhibu.awards.tests.audit_scenario import _later
from zhibu.branding.models import Brand, Case, FourStrongApplication, FourStrongObjection
from zhibu.branding.tests.helpers import locked_sheet, rating_row
from zhibu.workdays.calendar import is_working_day


def do_four_strong_events(tree, personas, did) -> None:
    def client(name):
        made = Client(REMOTE_ADDR="10.1.2.3")
        made.force_login(personas[name])
        return made

    today = timezone.localdate()
    year = today.year - 2  # the ratings part of the scenario locks last year's sheet of the 工委
    locked_sheet(tree.a, [rating_row(tree.a2)], year=year)
    form = {
        "organization": tree.a2.pk,
        "year": year,
        "evidence": "全年组织生活按期召开，书记项目办结率100%。",
        "submission_key": uuid.uuid4().hex,
    }
    did("four_strong.applied", action=lambda: client("党委管理员A").post("/branding/four-strong/new/", form))
    application = FourStrongApplication.objects.get(organization=tree.a2, year=year)
    url = f"/branding/four-strong/{application.pk}"
    for event, path in (
        ("four_strong.exported", "/branding/four-strong/export/"),
        ("four_strong.objections_exported", "/branding/four-strong/objections/export/"),
        ("four_strong.cases_exported", "/branding/cases/export/"),
    ):
        did(event, action=lambda path=path: client("党委管理员A").get(path))
    start = today
    while not is_working_day(start):
        start += datetime.timedelta(days=1)
    with _later(start):
        review = {"happened_on": start.isoformat(), "agrees": "yes", "note": "审核通过"}
        did("four_strong.reviewed", action=lambda: client("党委管理员A").post(f"{url}/review/", review))
        publicise = {"happened_on": start.isoformat(), "publicity_days": 1}
        did("four_strong.publicised", action=lambda: client("党委管理员A").post(f"{url}/publicise/", publicise))
        objection = {
            "received_on": start.isoformat(),
            "content": "反映台账有补记现象",
            "submission_key": uuid.uuid4().hex,
        }
        did(
            "four_strong.objection_recorded",
            action=lambda: client("党委管理员A").post(f"{url}/objections/new/", objection),
        )
        made = FourStrongObjection.objects.get(application=application)
        answer = {"answered_on": start.isoformat(), "answer": "经核实系按规定补录", "resolution": "dismissed"}
        did(
            "four_strong.objection_answered",
            action=lambda: client("党委管理员A").post(f"/branding/four-strong/objections/{made.pk}/answer/", answer),
        )
    after = start + datetime.timedelta(days=1)
    with _later(after):
        did(
            "four_strong.named",
            action=lambda: client("党委管理员A").post(f"{url}/name/", {"happened_on": after.isoformat()}),
        )
        case = {
            "title": "窗口服务提速",
            "text": "以书记项目为抓手，把党建工作和窗口服务结合起来，群众办事时间缩短一半。",
            "submission_key": uuid.uuid4().hex,
        }
        did("four_strong.case_added", action=lambda: client("党委管理员A").post(f"{url}/cases/new/", case))
    assert Case.objects.filter(application=application).exists()
    brand = {
        "organization": tree.a2.pk,
        "name": "红色窗口",
        "slogan": "党员亮身份，服务零距离",
        "kind": "engine",
        "description": "以“红色窗口”为载体，党员示范岗每周轮值，疑难事项支委包联。",
        "submission_key": uuid.uuid4().hex,
    }
    did("brand.registered", action=lambda: client("党委管理员A").post("/branding/brands/new/", brand))
    did("brand.exported", action=lambda: client("党委管理员A").get("/branding/brands/export/"))
    made_brand = Brand.objects.get(organization=tree.a2)
    evaluation = {"happened_on": timezone.localdate().isoformat(), "recognised": "yes", "note": "特色鲜明"}
    did(
        "brand.evaluated",
        action=lambda: client("党委管理员A").post(f"/branding/brands/{made_brand.pk}/evaluate/", evaluation),
    )
    year = timezone.localdate().year
    new_project = {"year": year, "title": "窗口服务提速", "goal": "群众办事平均时间缩短三分之一"}
    did(
        "brand.project_added",
        action=lambda: client("党委管理员A").post(f"/branding/brands/{made_brand.pk}/projects/new/", new_project),
    )
    made_project = made_brand.projects.get()
    progress = {"progress": "每周轮值示范岗已覆盖全体党员", "results": "办事时间缩短40%"}
    did(
        "brand.project_progressed",
        action=lambda: client("党委管理员A").post(f"/branding/brand-projects/{made_project.pk}/progress/", progress),
    )
    year_review = {
        "year": str(year),
        "happened_on": timezone.localdate().isoformat(),
        "recognised": "yes",
        "note": "成效明显",
    }
    did(
        "brand.year_reviewed",
        action=lambda: client("党委管理员A").post(f"/branding/brands/{made_brand.pk}/reviews/new/", year_review),
    )
    did("brand.projects_exported", action=lambda: client("党委管理员A").get("/branding/brand-projects/export/"))
    did("brand.reviews_exported", action=lambda: client("党委管理员A").get("/branding/brand-reviews/export/"))
