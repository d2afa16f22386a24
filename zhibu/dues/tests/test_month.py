"""Recording a month of dues in one submission: the sheet's batch, the service behind it and the API action."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent
from zhibu.dues import services
from zhibu.dues.models import Payment
from zhibu.testing import make_member

NOVEMBER = datetime.date(2026, 11, 1)
pytestmark = pytest.mark.clock("2026-11-16T10:00")


def _assessed(branch, secretary, name, base="5400", joined_on=datetime.date(2010, 7, 1)):
    member = make_member(branch, name=name, joined_on=joined_on)
    services.set_assessment(actor=secretary, member=member, year=2026, category="salaried", base=base)
    return member


def _sheet(client, branch):
    return client.get(f"/dues/?organization={branch.pk}&month=2026-11").content.decode()


def _batch_key(page: str) -> str:
    found = re.search(r'id="month-form".*?name="key" value="(\w+)"', page, re.S)
    assert found, "the sheet offers no batch form"
    return found.group(1)


def _month_post(branch, key, **fields):
    return {
        "organization": branch.pk,
        "month": NOVEMBER.isoformat(),
        "key": key,
        "method": "on_behalf",
        "paid_on": "2026-11-10",
        **fields,
    }


def test_all_unpaid_members_are_recorded_at_their_amounts_and_named_skips_explained(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    first = _assessed(tree.a1, secretary, "甲党员")
    second = _assessed(tree.a1, secretary, "乙党员", base="12000")
    already = _assessed(tree.a1, secretary, "丙党员")
    services.record_payment(actor=secretary, member=already, month=NOVEMBER, method="cash", key="paid-before-1")
    make_member(tree.a1, name="未核定者", joined_on=datetime.date(2010, 7, 1))
    client = client_as(secretary)
    page = _sheet(client, tree.a1)
    assert "全部未缴党员登记（2人）" in page and "全选" in page and "￥81.00" in page
    response = client.post("/dues/month/", _month_post(tree.a1, _batch_key(page), scope="all"), follow=True)
    text = response.content.decode()
    assert "已登记2人2026年11月党费，共￥321.00" in text
    recorded = Payment.objects.filter(month=NOVEMBER, method="on_behalf")
    assert {(p.member_id, p.amount) for p in recorded} == {(first.pk, 81), (second.pk, 240)}
    assert {p.paid_on for p in recorded} == {datetime.date(2026, 11, 10)}
    assert AuditEvent.objects.filter(event=Event.DUES_PAYMENT_RECORDED).count() == 3  # one a payment, and the earlier
    assert "全部未缴党员登记" not in _sheet(client, tree.a1)  # nobody owes November any more


def test_selected_members_only_and_those_who_cannot_be_recorded_are_named(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    chosen = _assessed(tree.a1, secretary, "甲党员")
    left_alone = _assessed(tree.a1, secretary, "乙党员")
    paid = _assessed(tree.a1, secretary, "丙党员")
    services.record_payment(actor=secretary, member=paid, month=NOVEMBER, method="cash", key="paid-before-1")
    unassessed = make_member(tree.a1, name="未核定者", joined_on=datetime.date(2010, 7, 1))
    client = client_as(secretary)
    key = _batch_key(_sheet(client, tree.a1))
    data = _month_post(tree.a1, key, scope="selected", members=[chosen.pk, paid.pk, unassessed.pk])
    text = client.post("/dues/month/", data, follow=True).content.decode()
    assert "已登记1人" in text
    assert "丙党员2026年11月的党费已登记缴纳" in text and "尚未核定未核定者2026年的党费" in text
    assert Payment.objects.filter(member=chosen).count() == 1
    assert not Payment.objects.filter(member=left_alone).exists()
    nothing_ticked = client.post("/dues/month/", _month_post(tree.a1, key + "x", scope="selected"), follow=True)
    assert "请先勾选要登记的党员" in nothing_ticked.content.decode()


def test_a_member_not_yet_owing_is_skipped_by_name(tree, personas):
    secretary = personas["支部书记A1"]
    owing = _assessed(tree.a1, secretary, "老党员")
    newcomer = make_member(tree.a1, name="新党员", joined_on=datetime.date(2026, 11, 1), category="probationary")
    services.set_assessment(actor=secretary, member=newcomer, year=2026, category="salaried", base="3000")
    outcome = services.record_month(
        actor=secretary, branch=tree.a1, month="2026-10", members=[owing, newcomer], method="cash", key="batch-0001"
    )
    assert [p.member for p in outcome.recorded] == [owing]
    assert outcome.skipped == [(newcomer, "新党员自2026年11月01日起缴纳党费，2026年10月不需缴纳")]


def test_the_same_submission_twice_records_once(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    for name in ("甲党员", "乙党员"):
        _assessed(tree.a1, secretary, name)
    client = client_as(secretary)
    data = _month_post(tree.a1, _batch_key(_sheet(client, tree.a1)), scope="all")
    client.post("/dues/month/", data)
    again = client.post("/dues/month/", data, follow=True).content.decode()  # a double click, or back and resend
    assert "2人此前已由本次提交登记，未重复记录" in again
    assert Payment.objects.count() == 2
    assert AuditEvent.objects.filter(event=Event.DUES_PAYMENT_RECORDED).count() == 2


def test_another_branchs_member_in_the_post_records_nothing(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    ours = _assessed(tree.a1, secretary, "本支部党员")
    theirs = _assessed(tree.b1, personas["支部书记B1"], "外支部党员")
    client = client_as(secretary)
    data = _month_post(tree.a1, _batch_key(_sheet(client, tree.a1)), scope="selected", members=[ours.pk, theirs.pk])
    text = client.post("/dues/month/", data, follow=True).content.decode()
    assert "不属于本支部或不在您权限范围内" in text
    assert not Payment.objects.exists()
    stranger_branch = client.post("/dues/month/", {**data, "organization": tree.b1.pk, "members": [theirs.pk]})
    assert stranger_branch.status_code == 404 and not Payment.objects.exists()
    forged = client.post("/dues/month/", {**data, "members": ["1e9", "abc"]}, follow=True).content.decode()
    assert "所选党员有误" in forged and not Payment.objects.exists()


def test_a_batch_wrong_as_a_whole_writes_nothing(tree, personas):
    secretary = personas["支部书记A1"]
    members = [_assessed(tree.a1, secretary, name) for name in ("甲党员", "乙党员")]
    for wrong, match in (
        ({"method": "cheque"}, "缴纳方式"),
        ({"paid_on": datetime.date(2026, 12, 1)}, "不能晚于今天"),
        ({"month": "2027-09"}, "预交最多"),
        ({"key": "short"}, "提交标识"),
    ):
        arguments = {"method": "cash", "month": NOVEMBER, "key": "batch-0002", **wrong}
        with pytest.raises(ValidationError, match=match):
            services.record_month(actor=secretary, branch=tree.a1, members=members, **arguments)
    with pytest.raises(ValidationError, match="不是.*的党员"):
        services.record_month(
            actor=secretary,
            branch=tree.a1,
            members=[*members, make_member(tree.a2)],
            method="cash",
            month=NOVEMBER,
            key="batch-0003",
        )
    assert not Payment.objects.exists()


def test_the_api_records_a_month_once_per_key(tree, personas):
    secretary = personas["支部书记A1"]
    first = _assessed(tree.a1, secretary, "甲党员")
    _assessed(tree.a1, secretary, "乙党员")
    api = APIClient()
    api.force_authenticate(secretary)
    body = {"organization": tree.a1.pk, "month": "2026-11", "method": "transfer", "idempotency_key": "api-batch-01"}
    made = api.post("/api/v1/dues-payments/record-month/", body, format="json")
    assert made.status_code == 201, made.json()
    assert len(made.json()["recorded"]) == 2 and made.json()["skipped"] == []
    retry = api.post("/api/v1/dues-payments/record-month/", body, format="json")
    assert retry.status_code == 200 and len(retry.json()["already"]) == 2 and retry.json()["recorded"] == []
    chosen = api.post(
        "/api/v1/dues-payments/record-month/",
        {**body, "idempotency_key": "api-batch-02", "members": [first.pk]},
        format="json",
    )
    assert chosen.status_code == 200 and chosen.json()["skipped"][0]["member"] == first.pk
    assert "已登记缴纳" in chosen.json()["skipped"][0]["reason"]
    other = APIClient()
    other.force_authenticate(personas["支部书记B1"])
    refused = other.post(
        "/api/v1/dues-payments/record-month/", {**body, "idempotency_key": "api-batch-03"}, format="json"
    )
    assert refused.status_code == 400 and "不存在或不在您的权限范围内" in str(refused.json())
    assert Payment.objects.count() == 2


def test_walkthrough_a_32_member_branch_records_a_month_in_three_submissions(tree, personas, client_as):
    """The burden README states: the month's dues of a whole branch, two of whom paid cash and the rest deducted
    from their pay, without one submission per member."""
    secretary = personas["支部书记A1"]
    members = [
        _assessed(tree.a1, secretary, f"党员{number:02d}", base=str(3000 + 100 * number)) for number in range(32)
    ]
    client = client_as(secretary)
    posts = 0

    def post(url, data):
        nonlocal posts
        posts += 1
        return client.post(url, data, follow=True).content.decode()

    cash = post(
        "/dues/month/",
        _month_post(
            tree.a1,
            _batch_key(_sheet(client, tree.a1)),
            scope="selected",
            method="cash",
            members=[
                members[0].pk,
                members[1].pk,
            ],
        ),
    )
    assert "已登记2人" in cash
    rest = post("/dues/month/", _month_post(tree.a1, _batch_key(_sheet(client, tree.a1)), scope="all"))
    assert "已登记30人" in rest
    print(f"walkthrough: {posts} form submissions for a month of dues of 32 members")
    assert posts <= 3
    assert Payment.objects.filter(month=NOVEMBER).count() == 32
    assert Payment.objects.filter(month=NOVEMBER, method="cash").count() == 2
    assert "全部未缴党员登记" not in _sheet(client, tree.a1)


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        ("month=2026-13", "月份“2026-13”格式不对"),
        ("month=1999-01", "只能查看近5年"),
        ("organization=abc", "党组织编号有误"),
        ("organization=99999999999999999999999", "党组织编号有误"),
    ],
)
def test_bad_sheet_parameters_are_explained_not_a_500(tree, personas, client_as, query, explained):
    response = client_as(personas["支部书记A1"]).get(f"/dues/?{query}")
    assert response.status_code == 200 and explained in response.content.decode()


@pytest.mark.parametrize(
    ("query", "explained"), [("year=20x6", "年度应为四位数字"), ("year=1900", "年度应在2016至2026之间")]
)
def test_bad_totals_parameters_are_explained_not_a_500(tree, personas, client_as, query, explained):
    response = client_as(personas["支部书记A1"]).get(f"/dues/totals/?{query}")
    assert response.status_code == 200 and explained in response.content.decode()
    assert response.context["year"] == 2026


def test_a_strangers_organization_on_the_sheet_is_a_404(tree, personas, client_as):
    assert client_as(personas["支部书记A1"]).get(f"/dues/?organization={tree.b1.pk}").status_code == 404


def test_a_batch_for_a_non_branch_or_with_nobody_owing_is_explained(tree, personas):
    secretary = personas["支部书记A1"]
    with pytest.raises(ValidationError, match="不是党支部"):
        services.record_month(
            actor=personas["工委管理员"], branch=tree.a, month=NOVEMBER, method="cash", key="batch-0004"
        )
    with pytest.raises(ValidationError, match="没有需要登记的未缴党员"):
        services.record_month(actor=secretary, branch=tree.a1, month=NOVEMBER, method="cash", key="batch-0005")
