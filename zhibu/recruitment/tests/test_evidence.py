"""A material added to a step already recorded, on the page and over the API: checked like every upload, once per
submission, scoped like the recruit, audited."""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from zhibu.core.audit_models import AuditEvent
from zhibu.recruitment.tests.paths import CLOCK, new_recruit

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def png(name="志愿书.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def step(tree):
    return new_recruit(tree.a1, applied_on=D(2026, 5, 20)).steps.get(code="application")


def test_the_secretary_adds_a_material_once_per_submitted_form(step, personas, client_as):
    client = client_as(personas["支部书记A1"])
    page = client.get(step.recruit.get_absolute_url()).content.decode()
    assert f"/recruitment/steps/{step.pk}/evidence/" in page
    form = client.get(f"/recruitment/steps/{step.pk}/evidence/").content.decode()
    assert "本步骤应有的材料：入党申请书" in form
    key = uuid.uuid4().hex
    for _ in range(2):
        answer = client.post(f"/recruitment/steps/{step.pk}/evidence/", {"evidence": png(), "submission_key": key})
        assert answer.status_code == 302 and answer.url.endswith(f"#step-{step.pk}")
    assert [a.original_name for a in step.evidence.all()] == ["志愿书.png"]
    assert AuditEvent.objects.filter(event="recruit.evidence_added").count() == 1
    assert "志愿书.png" in client.get(step.recruit.get_absolute_url()).content.decode()


def test_a_hostile_or_missing_file_is_refused_in_chinese_and_nothing_is_kept(step, personas, client_as):
    client = client_as(personas["支部书记A1"])
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(f"/recruitment/steps/{step.pk}/evidence/", {"evidence": fake, "submission_key": "k" * 32})
    assert page.status_code == 200 and "材料（扫描件）：文件内容与扩展名不符" in page.content.decode()
    empty = client.post(f"/recruitment/steps/{step.pk}/evidence/", {"submission_key": "j" * 32})
    assert empty.status_code == 200 and "材料（扫描件）：" in empty.content.decode()
    assert not step.evidence.exists()


def test_another_branch_gets_404_and_a_member_403(step, personas, client_as):
    assert client_as(personas["支部书记B1"]).get(f"/recruitment/steps/{step.pk}/evidence/").status_code == 404
    assert client_as(personas["党员A1"]).get(f"/recruitment/steps/{step.pk}/evidence/").status_code in (403, 404)


def api(user, key=None):
    client = APIClient()
    client.force_authenticate(user)
    if key:
        client.credentials(HTTP_IDEMPOTENCY_KEY=key)
    return client


def test_the_api_uploads_a_material_once_per_key_and_lists_it(step, personas):
    url = f"/api/v1/recruits/{step.recruit_id}/steps/{step.pk}/evidence/"
    first = api(personas["支部书记A1"], "evidence-01").post(url, {"evidence": png()}, format="multipart")
    assert first.status_code == 201, first.content
    again = api(personas["支部书记A1"], "evidence-01").post(url, {"evidence": png()}, format="multipart")
    assert again.status_code == 200
    assert [item["name"] for item in first.json()["evidence"]] == ["志愿书.png"]
    assert step.evidence.count() == 1
    listed = api(personas["支部书记A1"]).get(f"/api/v1/recruits/{step.recruit_id}/").json()
    application = next(s for s in listed["steps"] if s["code"] == "application")
    assert application["evidence"][0]["url"] == f"/files/{step.evidence.get().pk}/"


def test_the_api_refuses_a_bad_file_another_branch_and_a_step_of_another_recruit(tree, step, personas):
    url = f"/api/v1/recruits/{step.recruit_id}/steps/{step.pk}/evidence/"
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    refused = api(personas["支部书记A1"]).post(url, {"evidence": bad}, format="multipart")
    assert refused.status_code == 400 and refused.json()["evidence"]
    missing = api(personas["支部书记A1"]).post(url, {}, format="multipart")
    assert missing.status_code == 400 and "请选择要上传的材料文件" in missing.json()["evidence"]
    assert api(personas["支部书记B1"]).post(url, {"evidence": png()}, format="multipart").status_code == 404
    other = new_recruit(tree.a1, applied_on=D(2026, 5, 21), name="王芳", id_number="110101199505200031")
    wrong = f"/api/v1/recruits/{other.pk}/steps/{step.pk}/evidence/"
    assert api(personas["支部书记A1"]).post(wrong, {"evidence": png()}, format="multipart").status_code == 404
    assert not step.evidence.exists()
