"""The recruitment API's writes: registering an applicant, recording a step, stopping the training — each once per
Idempotency-Key, scoped like the pages, refused in Chinese with the rule."""

import datetime
import json

import pytest
from rest_framework.test import APIClient

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.recruitment.models import Recruit, RecruitStep, Stage
from zhibu.recruitment.tests.paths import CLOCK, full_members, new_recruit, walk
from zhibu.testing import valid_id_number

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date
ID_NUMBER = valid_id_number(D(2000, 1, 2), "female")


def api(user, key=None):
    client = APIClient()
    client.force_authenticate(user)
    if key:
        client.credentials(HTTP_IDEMPOTENCY_KEY=key)
    return client


def applicant(branch, **overrides):
    return {
        "organization": branch.pk,
        "applied_on": "2026-03-01",
        "name": "李华",
        "gender": "female",
        "id_number": ID_NUMBER,
        "mobile": "13912345678",
        "birth_date": "2000-01-02",
        "ethnicity": "汉族",
        "education": "bachelor",
        "job_position": "civil_servant",
        **overrides,
    }


def audit_rows(event, recruit):
    return AuditEvent.objects.filter(event=event, object_id=str(recruit.pk))


def messages(body):
    return " ".join(message for field in body.values() for message in field)


def test_register_an_applicant_once_per_key_answered_masked(tree, personas):
    secretary = personas["支部书记A1"]
    first = api(secretary, key="apply-0001").post("/api/v1/recruits/", applicant(tree.a1), format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["name"] == "李华" and body["stage"] == "applicant" and body["organization"] == tree.a1.pk
    assert "id_number" not in body and "mobile" not in body and "applied_on" not in body
    assert ID_NUMBER not in json.dumps(body) and "13912345678" not in json.dumps(body)
    assert body["id_number_masked"] == ID_NUMBER[:4] + "*" * 13 + ID_NUMBER[-1]
    assert "*" in body["mobile_masked"]
    assert [(step["code"], step["happened_on"]) for step in body["steps"]] == [("application", "2026-03-01")]
    recruit = Recruit.objects.get(pk=body["id"])
    assert recruit.id_number == ID_NUMBER
    row = audit_rows(Event.RECRUIT_CREATED, recruit).get()
    assert row.actor == secretary
    retry = api(secretary, key="apply-0001").post("/api/v1/recruits/", applicant(tree.a1), format="json")
    assert retry.status_code == 200 and retry.json()["id"] == recruit.pk
    assert Recruit.objects.count() == 1 and audit_rows(Event.RECRUIT_CREATED, recruit).count() == 1
    again = api(secretary, key="apply-0002").post("/api/v1/recruits/", applicant(tree.a1), format="json")
    assert again.status_code == 409 and again.json()["existing_id"] == recruit.pk


def test_a_refused_applicant_answers_400_in_chinese(tree, personas):
    client = api(personas["支部书记A1"])
    underage = client.post("/api/v1/recruits/", applicant(tree.a1, applied_on="2017-12-01"), format="json")
    assert underage.status_code == 400 and "applied_on" in underage.json()
    wrong = client.post(
        "/api/v1/recruits/",
        applicant(tree.a1, birth_date="2000-01-03", gender="robot", organization="x"),
        format="json",
    )
    assert wrong.status_code == 400
    assert set(wrong.json()) >= {"gender", "organization"} and "robot" in messages(wrong.json())
    assert "应为数字编号" in messages(wrong.json())
    mismatch = client.post("/api/v1/recruits/", applicant(tree.a1, birth_date="2000-01-03"), format="json")
    assert mismatch.status_code == 400 and "出生日期与公民身份号码不一致" in messages(mismatch.json())
    broken = client.post("/api/v1/recruits/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and "JSON" in broken.json()["detail"]
    assert not Recruit.objects.exists()


def test_registering_is_scoped_and_refused_to_a_read_only_role(tree, personas):
    denied = api(personas["纪检A"]).post("/api/v1/recruits/", applicant(tree.a1), format="json")
    assert denied.status_code == 403 and "党支部" in denied.json()["detail"]
    stranger = api(personas["支部书记B1"]).post("/api/v1/recruits/", applicant(tree.a1), format="json")
    assert stranger.status_code == 400 and "不在您的权限范围内" in messages(stranger.json())
    assert not Recruit.objects.exists()


def step_url(recruit, action="steps"):
    return f"/api/v1/recruits/{recruit.pk}/{action}/"


def test_record_a_step_with_people_once_per_key(tree, personas):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist_filed")
    mentor = full_members(tree.a1, 1)[0]
    data = {
        "code": "mentors",
        "happened_on": "2023-09-05",
        "people": [{"role": "mentor", "member": mentor.pk}],
        "version": Recruit.objects.get(pk=recruit.pk).version,
    }
    secretary = personas["支部书记A1"]
    first = api(secretary, key="step-00001").post(step_url(recruit), data, format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["recruit"] == recruit.pk and body["code"] == "mentors" and body["stage"] == "activist"
    assert body["people"] == [{"role": "mentor", "member": mentor.pk, "member_name": mentor.name}]
    step = RecruitStep.objects.get(recruit=recruit, code="mentors")
    assert body["id"] == step.pk and step.people.get().member == mentor
    row = audit_rows(Event.RECRUIT_STEP_RECORDED, recruit).latest("occurred_at")
    assert row.actor == secretary and row.changes["extra"]["step"] == "mentors"
    recorded = audit_rows(Event.RECRUIT_STEP_RECORDED, recruit).count()
    retry = api(secretary, key="step-00001").post(step_url(recruit), data, format="json")
    assert retry.status_code == 200 and retry.json()["id"] == step.pk
    assert audit_rows(Event.RECRUIT_STEP_RECORDED, recruit).count() == recorded
    assert RecruitStep.objects.filter(recruit=recruit, code="mentors").count() == 1
    stale = api(secretary).post(step_url(recruit), {**data, "code": "thought_report", "people": []}, format="json")
    assert stale.status_code == 400 and "已被他人修改" in messages(stale.json())
    other = new_recruit(
        tree.a1,
        name="王芳",
        id_number=valid_id_number(D(1996, 2, 3), "female"),
        gender="female",
        birth_date=D(1996, 2, 3),
    )
    elsewhere = api(secretary, key="step-00001").post(step_url(other), data, format="json")
    assert elsewhere.status_code == 400 and "Idempotency-Key" in elsewhere.json()


def test_a_hard_rule_refuses_the_step_with_its_rule(tree, personas):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "mentors")
    answer = api(personas["支部书记A1"]).post(
        step_url(recruit), {"code": "candidate", "happened_on": "2024-08-31", "explanation": "急需"}, format="json"
    )
    assert answer.status_code == 400
    assert "仅11个月30天（DEV-07）" in messages(answer.json())
    assert not RecruitStep.objects.filter(recruit=recruit, code="candidate").exists()


def test_a_rule_about_people_is_answered_on_people(tree, personas):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist_filed")
    client = api(personas["支部书记A1"])
    none = client.post(step_url(recruit), {"code": "mentors", "happened_on": "2023-09-05"}, format="json")
    assert none.status_code == 400 and "培养联系人应为" in " ".join(none.json()["people"])
    talker = full_members(tree.a1, 1)[0]
    wrong_role = client.post(
        step_url(recruit),
        {"code": "mentors", "happened_on": "2023-09-05", "people": [{"role": "talker", "member": talker.pk}]},
        format="json",
    )
    assert wrong_role.status_code == 400 and "不登记谈话人" in " ".join(wrong_role.json()["people"])
    stranger = full_members(tree.b1, 1)[0]  # another 党委's member is not offered
    outside = client.post(
        step_url(recruit),
        {"code": "mentors", "happened_on": "2023-09-05", "people": [{"role": "mentor", "member": stranger.pk}]},
        format="json",
    )
    assert outside.status_code == 400 and "不在您的权限范围内" in json.dumps(outside.json(), ensure_ascii=False)
    unasked = client.post(
        step_url(recruit), {"code": "thought_report", "happened_on": "2023-12-01", "training_days": 3}, format="json"
    )
    assert unasked.status_code == 400 and "不填写此项" in " ".join(unasked.json()["training_days"])


def test_a_soft_rule_asks_for_a_situation_note(tree, personas):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "application_talk")
    client = api(personas["支部书记A1"])
    data = {"code": "activist", "happened_on": "2023-08-31"}
    asked = client.post(step_url(recruit), data, format="json")
    assert asked.status_code == 400
    note = " ".join(asked.json()["explanation"])
    assert "（DEV-03）" in note and "请填写情况说明" in note
    explained = client.post(step_url(recruit), {**data, "explanation": "群团组织推优，支委会研究同意"}, format="json")
    assert explained.status_code == 201, explained.json()
    assert explained.json()["explained_rules"] == ["DEV-03"] and explained.json()["stage"] == "activist"


def test_a_step_is_scoped_refused_to_readers_and_checks_types(tree, personas):
    recruit = new_recruit(tree.a1)
    data = {"code": "application_talk", "happened_on": "2023-03-20"}
    assert api(personas["支部书记B1"]).post(step_url(recruit), data, format="json").status_code == 404
    assert api(personas["支部书记B1"]).post(step_url(recruit, "stop"), {}, format="json").status_code == 404
    denied = api(personas["纪检A"]).post(step_url(recruit), data, format="json")
    assert denied.status_code == 403 and denied.json()["detail"]
    assert api(personas["纪检A"]).post(step_url(recruit, "stop"), {}, format="json").status_code == 403
    assert api(personas["支部书记A1"]).post("/api/v1/recruits/999999999/steps/", data, format="json").status_code == 404
    client = api(personas["支部书记A1"])
    bad = client.post(
        step_url(recruit),
        {"code": "nope", "happened_on": "昨天", "vote": 10**30, "people": "abc", "written_yes": -1},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"code", "happened_on", "vote", "people", "written_yes"}
    assert "没有这个步骤" in " ".join(bad.json()["code"])
    assert client.post(step_url(recruit), "[1,", content_type="application/json").status_code == 400
    assert client.post(step_url(recruit), [1, 2], format="json").status_code == 400
    key = client.post(step_url(recruit), data, format="json", HTTP_IDEMPOTENCY_KEY="短")
    assert key.status_code == 400 and "提交标识格式不对" in " ".join(key.json()["Idempotency-Key"])
    assert RecruitStep.objects.filter(recruit=recruit).count() == 1


def test_stop_the_training_once_per_key(tree, personas):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "application_talk")
    secretary = personas["支部书记A1"]
    short = api(secretary).post(step_url(recruit, "stop"), {"happened_on": "2023-04-01", "reason": "走"}, format="json")
    assert short.status_code == 400 and "不少于5个字" in " ".join(short.json()["reason"])
    data = {"happened_on": "2023-04-01", "reason": "本人申请撤回入党申请"}
    first = api(secretary, key="stop-00001").post(step_url(recruit, "stop"), data, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["stage"] == "stopped" and first.json()["steps"][-1]["code"] == "stopped"
    assert Recruit.objects.get(pk=recruit.pk).stage == Stage.STOPPED
    assert audit_rows(Event.RECRUIT_STOPPED, recruit).get().actor == secretary
    retry = api(secretary, key="stop-00001").post(step_url(recruit, "stop"), data, format="json")
    assert retry.status_code == 200 and retry.json()["stage"] == "stopped"
    assert audit_rows(Event.RECRUIT_STOPPED, recruit).count() == 1
    again = api(secretary).post(step_url(recruit, "stop"), data, format="json")
    assert again.status_code == 400 and "不能终止培养" in " ".join(again.json()["non_field_errors"])
    closed = api(secretary).post(step_url(recruit), {"code": "activist", "happened_on": "2023-09-01"}, format="json")
    assert closed.status_code == 400 and "不能再登记发展步骤" in " ".join(closed.json()["non_field_errors"])


def test_the_schema_documents_the_writes(tree, personas):
    schema = api(personas["支部书记A1"]).get("/api/v1/schema/?format=json").json()
    paths, components = schema["paths"], schema["components"]["schemas"]
    create = paths["/api/v1/recruits/"]["post"]
    assert set(create["responses"]) >= {"200", "201", "400", "403", "409"}
    assert "Idempotency-Key" in [parameter["name"] for parameter in create["parameters"]]
    request = components["RecruitRequest"]["properties"]
    assert request["id_number"]["writeOnly"] and "id_number" not in components["Recruit"]["properties"]
    for action in ("steps", "stop"):
        operation = paths[f"/api/v1/recruits/{{id}}/{action}/"]["post"]
        assert set(operation["responses"]) >= {"200", "201", "400", "403", "404"}, action
    step = components["StepRequestRequest"]["properties"]
    assert step["code"]["allOf"] == [{"$ref": "#/components/schemas/RecordableStepCodeEnum"}]
    code = components["RecordableStepCodeEnum"]
    assert "candidate" in code["enum"] and "application" not in code["enum"]
    refusal = components["RecruitStepRefusal"]["properties"]
    assert {"explanation", "people", "happened_on", "non_field_errors", "Idempotency-Key"} <= set(refusal)
