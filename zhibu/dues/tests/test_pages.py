import datetime
import re

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
    assert "200.00元" in client.get(url).content.decode()
    payment, _ = services.record_payment(
        actor=secretary, member=member, month=TODAY.replace(day=1), method="transfer", key="k" * 16
    )
    client.post(f"/dues/payments/{payment.pk}/reverse/", {"reason": "重复登记"})
    assert Payment.objects.get(reverses=payment).amount == -payment.amount
    page = client.get(url).content.decode()
    assert "冲正" in page and "-200.00" in page
