"""A brand's years: projects with goals, the progress and results the branch writes, and the 机关党委's yearly 认定 —
through the services, the pages and the API; refusals in Chinese; scoping and exports."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.branding import projects
from zhibu.branding.models import BrandProject, BrandReview
from zhibu.branding.tests.brand_helpers import brand, project, recognised
from zhibu.testing import SETUP, api_token


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _review(made_brand, actor=SETUP, **overrides):
    fields = {
        "year": timezone.localdate().year,
        "happened_on": timezone.localdate(),
        "recognised": True,
        "note": "年度成效明显",
    }
    fields.update(overrides)
    return projects.review_year(actor=actor, brand=made_brand, **fields)


def test_a_year_runs_from_project_to_review_on_the_pages(tree, personas):
    made = recognised(tree.a1)
    secretary = _client(personas["支部书记A1"])
    year = timezone.localdate().year
    page = secretary.post(
        f"/branding/brands/{made.pk}/projects/new/",
        {"year": year, "title": "窗口服务提速", "goal": "群众办事平均时间缩短三分之一"},
    )
    assert page.status_code == 302
    item = BrandProject.objects.get()
    answer = secretary.post(
        f"/branding/brand-projects/{item.pk}/progress/",
        {"progress": "每周轮值示范岗已覆盖全体党员", "results": "办事时间缩短40%"},
    )
    assert answer.status_code == 302
    assert secretary.get(f"/branding/brands/{made.pk}/reviews/new/").status_code == 200
    refused = secretary.post(
        f"/branding/brands/{made.pk}/reviews/new/",
        {"year": year, "happened_on": timezone.localdate().isoformat(), "recognised": "yes", "note": "很好"},
    )
    assert "由党委A评价" in refused.content.decode() and not BrandReview.objects.exists()
    officer = _client(personas["党委管理员A"])
    review = {"year": year, "happened_on": timezone.localdate().isoformat(), "recognised": "no", "note": "成效不明显"}
    assert officer.post(f"/branding/brands/{made.pk}/reviews/new/", review).status_code == 302
    detail = officer.get(made.get_absolute_url()).content.decode()
    assert "窗口服务提速" in detail and "办事时间缩短40%" in detail and f"{year}年度：不予认定" in detail
    for path in ("/branding/brand-projects/", "/branding/brand-reviews/"):
        assert "红色窗口" in officer.get(path).content.decode()
    exported = officer.get("/branding/brand-projects/export/")
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.values)
    assert "成效" in rows[0] and rows[1][0] == "窗口服务提速"
    assert officer.get("/branding/brand-reviews/export/").status_code == 200
    assert _client(personas["支部书记B1"]).get("/branding/brand-projects/").content.decode().count("窗口服务提速") == 0


def test_refusals(tree, personas):
    pending = brand(tree.a2)
    with pytest.raises(ValidationError, match="认定后才进行年度评价"):
        _review(pending)
    made = recognised(tree.a1)
    with pytest.raises(ValidationError, match="年度应为"):
        project(made, year=1999)
    with pytest.raises(ValidationError, match="至少10个字"):
        project(made, goal="缩短")
    item = project(made)
    with pytest.raises(ValidationError, match="已有项目"):
        project(made)
    with pytest.raises(ValidationError, match="尚无填报了进展的项目"):
        _review(made)
    projects.report_progress(actor=SETUP, brandproject=item, progress="每周轮值示范岗已覆盖全体党员")
    with pytest.raises(PermissionDenied):
        _review(made, actor=personas["支部书记A1"])
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _review(made, happened_on=timezone.localdate() + datetime.timedelta(days=1))
    _review(made)
    with pytest.raises(ValidationError, match="不能重复评价"):
        _review(made)
    with pytest.raises(ValidationError, match="已评价，进展和成效不能再修改"):
        projects.report_progress(actor=SETUP, brandproject=item, progress="补充一点新的进展情况说明")
    with pytest.raises(ValidationError, match="已评价，不能再登记"):
        project(made, title="另一个项目")


def test_the_api_adds_projects_reports_progress_and_reviews(tree, personas):
    made = recognised(tree.a1)
    year = timezone.localdate().year
    secretary = _api(personas["支部书记A1"])
    body = {"brand": made.pk, "year": year, "title": "窗口服务提速", "goal": "群众办事平均时间缩短三分之一"}
    created = secretary.post("/api/v1/brand-projects/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    again = secretary.post("/api/v1/brand-projects/", body, format="json")
    assert again.status_code == 400 and "已有项目" in str(again.json())
    progress = secretary.post(
        f"/api/v1/brand-projects/{pk}/progress/", {"progress": "每周轮值示范岗已覆盖全体党员"}, format="json"
    )
    assert progress.status_code == 200 and progress.json()["progress_on"]
    review = {"brand": made.pk, "year": year, "recognised": True, "note": "成效明显"}
    review["happened_on"] = timezone.localdate().isoformat()
    assert secretary.post("/api/v1/brand-reviews/", review, format="json").status_code == 403
    done = _api(personas["党委管理员A"]).post("/api/v1/brand-reviews/", review, format="json")
    assert done.status_code == 201, done.json()
    assert _api(personas["支部书记A1"]).get("/api/v1/brand-reviews/").json()["results"][0]["recognised"] is True
    assert _api(personas["支部书记B1"]).get("/api/v1/brand-projects/").json()["results"] == []
    for value in (None, -1, 10**20, "x" * 5000, [], {}):
        bad = secretary.post("/api/v1/brand-projects/", {"brand": value, "year": value, "title": value}, format="json")
        assert bad.status_code == 400, value
    assert secretary.get("/api/v1/brand-projects/", {"year": "99999999999999999999"}).status_code == 400
