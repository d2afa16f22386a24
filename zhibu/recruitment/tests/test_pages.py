"""The pages and the API: what a secretary sees, records and is refused; masking; another branch's records."""

import datetime

import pytest

from zhibu.recruitment.models import Recruit, RecruitStep
from zhibu.recruitment.tests.paths import CLOCK, full_members, new_recruit, walk
from zhibu.testing import api_token, compact

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def post_step(client, recruit, data):
    url = f"/recruitment/{recruit.pk}/steps/new/"
    key = client.get(url).context["form"]["submission_key"].value()
    return client.post(url, {"submission_key": key, **data})


def test_list_and_detail_show_the_path_with_masked_numbers(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "mentors")
    client = client_as(personas["支部书记A1"])
    listing = compact(client.get("/recruitment/").content)
    assert "张晓明" in listing and "入党积极分子" in listing and "指定培养联系人（2023年9月5日）" in listing
    page = client.get(f"/recruitment/{recruit.pk}/")
    html = compact(page.content)
    assert page.status_code == 200
    assert "2023年3月1日</strong> 递交入党申请书" in html and "确定发展对象" not in html
    assert "培养联系人：" in html and recruit.id_number not in html and recruit.id_number[-4:] not in html
    assert "登记下一步" in html


def test_the_step_form_shows_the_rule_and_asks_for_a_situation_note(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "application_talk")
    client = client_as(personas["支部书记A1"])
    form = {"code": "activist", "happened_on": "2023-08-31", "acting_organization": tree.a1.pk}
    answer = post_step(client, recruit, form)
    html = compact(answer.content)
    assert answer.status_code == 200
    assert "递交入党申请书半年以上方可确定为入党积极分子" in html and "（DEV-03）" in html
    assert "如确有特殊情况，请填写情况说明后保存" in html
    assert not RecruitStep.objects.filter(recruit=recruit, code="activist").exists()
    answer = post_step(client, recruit, {**form, "explanation": "群团组织推优，支委会研究同意"})
    assert answer.status_code == 302
    assert RecruitStep.objects.get(recruit=recruit, code="activist").explained_rules == ["DEV-03"]


def test_a_hard_rule_refusal_on_the_form(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "mentors")
    client = client_as(personas["支部书记A1"])
    answer = post_step(
        client,
        recruit,
        {"code": "candidate", "happened_on": "2024-08-31", "acting_organization": tree.a1.pk, "explanation": "急需"},
    )
    assert "仅11个月30天（DEV-07）" in compact(answer.content)
    assert not RecruitStep.objects.filter(recruit=recruit, code="candidate").exists()


def test_mentors_chosen_on_the_form(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist_filed")
    mentor = full_members(tree.a1, 1)[0]
    answer = post_step(
        client_as(personas["支部书记A1"]),
        recruit,
        {"code": "mentors", "happened_on": "2023-09-05", "acting_organization": tree.a1.pk, "mentors": [mentor.pk]},
    )
    assert answer.status_code == 302
    assert RecruitStep.objects.get(recruit=recruit, code="mentors").people.get().member == mentor


def test_register_an_applicant_on_the_form(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    page = client.get("/recruitment/new/")
    key = page.context["form"]["submission_key"].value()
    from zhibu.testing import valid_id_number

    form = {
        "submission_key": key,
        "organization": tree.a1.pk,
        "applied_on": "2026-03-01",
        "name": "李华",
        "gender": "female",
        "id_number": valid_id_number(D(2000, 1, 2), "female"),
        "birth_date": "2000-01-02",
        "ethnicity": "汉族",
        "education": "bachelor",
        "job_position": "civil_servant",
        "mobile": "13912345678",
    }
    answer = client.post("/recruitment/new/", form)
    assert answer.status_code == 302
    assert Recruit.objects.get(name="李华").steps.get().code == "application"


def test_another_branchs_secretary_gets_404(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    client = client_as(personas["支部书记B1"])
    assert client.get(f"/recruitment/{recruit.pk}/").status_code == 404
    assert client.post(f"/recruitment/{recruit.pk}/steps/new/", {"code": "activist"}).status_code == 404
    assert "张晓明" not in compact(client.get("/recruitment/").content)


def test_api_lists_recruits_masked_with_their_steps_in_scope_only(tree, personas, client):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "application_talk")
    own = client.get("/api/v1/recruits/", HTTP_AUTHORIZATION=f"Token {api_token(personas['支部书记A1'])}").json()
    row = own["results"][0]
    assert row["name"] == "张晓明" and row["stage"] == "applicant"
    assert row["id_number_masked"] != recruit.id_number and "id_number" not in row
    assert [step["code"] for step in row["steps"]] == ["application", "application_talk"]
    assert row["steps"][1]["people"][0]["role"] == "talker"
    stranger = client.get(
        f"/api/v1/recruits/{recruit.pk}/", HTTP_AUTHORIZATION=f"Token {api_token(personas['支部书记B1'])}"
    )
    assert stranger.status_code == 404
    refused = client.post("/api/v1/recruits/", {}, HTTP_AUTHORIZATION=f"Token {api_token(personas['支部书记A1'])}")
    assert refused.status_code == 400 and "organization" in refused.json()
