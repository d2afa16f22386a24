import datetime
import re
from decimal import Decimal

from django.utils import timezone

from zhibu.dues import services
from zhibu.dues.models import Payment
from zhibu.members.validation import add_months
from zhibu.testing import make_member

TODAY = timezone.localdate()


def test_the_collection_sheet_records_a_payment_once_and_shows_arrears(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    member = make_member(tree.a1, name="按月缴纳", joined_on=datetime.date(2010, 7, 1))
    late = make_member(tree.a1, name="长期未缴", joined_on=datetime.date(2010, 7, 1))
    for person in (member, late):
        for year in {TODAY.year, add_months(TODAY, -6).year}:
            services.set_assessment(actor=secretary, member=person, year=year, category="salaried", base="5400")
    client = client_as(secretary)
    page = client.get(f"/dues/?organization={tree.a1.pk}").content.decode()
    assert "按月缴纳" in page and "81.00" in page and "登记缴纳" in page
    assert re.search(r"长期未缴.*?6个月", page, re.S) and "已满6个月" in page
    key = re.search(rf'name="member" value="{member.pk}">.*?name="key" value="(\w+)"', page, re.S).group(1)
    data = {"member": member.pk, "month": TODAY.replace(day=1).isoformat(), "key": key, "method": "cash"}
    first = client.post("/dues/pay/", data, follow=True).content.decode()
    second = client.post("/dues/pay/", data, follow=True).content.decode()  # a double click
    assert "已登记按月缴纳" in first and "未重复记录" in second
    assert Payment.objects.filter(member=member).count() == 1
    after = client.get(f"/dues/?organization={tree.a1.pk}").content.decode()
    assert "已缴" in after
    refused = client.post("/dues/pay/", {**data, "key": "short"}, follow=True).content.decode()
    assert "提交标识" in refused
    assert client_as(personas["支部书记B1"]).post("/dues/pay/", {**data, "key": "x" * 32}).status_code == 404
    assert client_as(personas["支部书记B1"]).get(f"/dues/members/{member.pk}/").status_code == 404


def test_assessment_page_and_reversal(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    client = client_as(secretary)
    url = f"/dues/members/{member.pk}/"
    refused = client.post(url, {"year": TODAY.year, "category": "salaried", "base": "-1"}).content.decode()
    assert "不能为负数" in refused
    client.post(url, {"year": TODAY.year, "category": "salaried", "base": "10000.01"})
    assert "￥200.00" in client.get(url).content.decode()
    payment, _ = services.record_payment(
        actor=secretary, member=member, month=TODAY.replace(day=1), method="transfer", key="k" * 16
    )
    client.post(f"/dues/payments/{payment.pk}/reverse/", {"reason": "重复登记"})
    assert Payment.objects.get(reverses=payment).amount == -payment.amount
    page = client.get(url).content.decode()
    assert "冲正" in page and "-￥200.00" in page


def test_totals_the_dues_ledger_and_the_publication_without_incomes(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    year = TODAY.year
    rich = make_member(tree.a1, name="高收入者", joined_on=datetime.date(2010, 7, 1))
    modest = make_member(tree.a1, name="普通党员", joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(actor=secretary, member=rich, year=year, category="salaried", base="12000")  # 240.00
    services.set_assessment(actor=secretary, member=modest, year=year, category="salaried", base="2766")  # 13.83
    january = datetime.date(year, 1, 1)
    services.record_payment(actor=secretary, member=rich, month=january, method="transfer", key="r" * 16)
    services.record_payment(actor=secretary, member=modest, month=january, method="cash", key="m" * 16)
    services.record_payment(
        actor=secretary, member=modest, month=january, method="cash", key="v" * 16, amount="50", voluntary=True
    )
    admin = client_as(personas["工委管理员"])
    totals = admin.get(f"/dues/totals/?organization={tree.gongwei.pk}&year={year}")
    first = totals.context["rows"][0]
    assert first["due"] == 12 * Decimal("253.83") and first["paid"] == Decimal("253.83") and first["extra"] == 50
    assert first["months"][0] == (Decimal("253.83"), Decimal("253.83"), 50)
    branch_a = next(row for row in totals.context["rows"] if row["organization"] == tree.a)
    assert branch_a["paid"] == Decimal("253.83")
    ledger = admin.get(f"/ledgers/dues/?organization={tree.a1.pk}&year={year}").content.decode()
    assert "高收入者" in ledger and "240.00" in ledger
    publication = admin.get(f"/ledgers/dues-publication/?organization={tree.a1.pk}&year={year}").content.decode()
    assert "全年应缴￥3,045.96，实缴￥253.83" in publication and "另有自愿多交￥50.00" in publication
    assert "高收入者" not in publication and "12000" not in publication and "240.00" not in publication


def test_arrears_show_on_the_organisation_page_and_alert_once_a_month(tree, personas, client_as):
    import io

    from django.core.management import call_command

    from zhibu.core.models import Notification

    secretary = personas["支部书记A1"]
    member = make_member(tree.a1, name="欠缴党员", joined_on=datetime.date(2010, 7, 1))
    for year in {TODAY.year, add_months(TODAY, -7).year}:
        services.set_assessment(actor=secretary, member=member, year=year, category="salaried", base="4000")
    page = client_as(personas["党委管理员A"]).get(f"/organizations/{tree.a.pk}/").content.decode()
    assert "党费欠缴" in page and "欠缴党员" in page and "自行脱党" in page
    out = io.StringIO()
    call_command("send_dues_alerts", stdout=out)
    assert "警示2条" in out.getvalue()  # the secretary and the 党务干部
    assert Notification.objects.filter(user=secretary, text__contains="欠缴党员已连续").count() == 1
    call_command("send_dues_alerts", stdout=io.StringIO())  # the same month: not again
    assert Notification.objects.filter(user=secretary, text__contains="欠缴党员已连续").count() == 1


def test_the_api_assesses_and_records_payments_idempotently(tree, personas):
    from rest_framework.test import APIClient

    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    made = api.post(
        "/api/v1/dues-assessments/",
        {"member": member.pk, "year": TODAY.year, "category": "salaried", "base": "5400"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["monthly_amount"] == "81.00"
    bad = api.post(
        "/api/v1/dues-assessments/",
        {"member": member.pk, "year": TODAY.year, "category": "salaried", "base": "-1"},
        format="json",
    )
    assert bad.status_code == 400 and "不能为负数" in str(bad.json())
    body = {
        "member": member.pk,
        "month": TODAY.strftime("%Y-%m"),
        "method": "transfer",
        "idempotency_key": "api-" + "1" * 12,
    }
    first = api.post("/api/v1/dues-payments/", body, format="json")
    retry = api.post("/api/v1/dues-payments/", body, format="json")
    assert first.status_code == 201, first.json()
    assert retry.status_code == 200 and first.json()["id"] == retry.json()["id"]
    assert first.json()["amount"] == "81.00" and first.json()["kind"] == "regular"
    other = APIClient()
    other.force_authenticate(personas["支部书记B1"])
    refused = other.post("/api/v1/dues-payments/", {**body, "idempotency_key": "api-" + "2" * 12}, format="json")
    assert refused.status_code == 400 and "不存在或不在您的权限范围内" in str(refused.json())
    assert api.get("/api/v1/dues-payments/").json()["count"] == 1
    assert other.get("/api/v1/dues-payments/").json()["count"] == 0
