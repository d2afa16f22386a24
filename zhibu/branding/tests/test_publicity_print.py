"""四强's printable 公示 (A4, the shared ``core/publicity_print.html``): per reviewer and period the branches
publicised together, with their locked rating; filtered like the list (a refused filter prints nothing, with the
message); scoped."""

from django.test import Client

from zhibu.branding.tests.helpers import YEAR, walked

URL = "/branding/four-strong/publicity/"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_reviewer_prints_the_notice_of_its_year(tree, personas):
    application = walked(tree.a1, tree.a)
    walked(tree.a2, tree.a, through="review")  # reviewed, not yet publicised: not on the notice
    page = _client(personas["党委管理员A"]).get(f"{URL}?organization={tree.a.pk}&year={YEAR}")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"关于{YEAR}年度“四强”党支部拟命名对象的公示" in text
    assert "拟命名以下1个党支部" in text and "支部A1" in text and "支部A2" not in text
    assert "5星" in text and "公示时间：2026年11月4日至2026年11月10日（5个工作日）" in text
    assert "向党委A反映" in text
    detail = _client(personas["党委管理员A"]).get(application.get_absolute_url()).content.decode()
    assert f"{URL}?organization={tree.a.pk}&amp;year={YEAR}" in detail


def test_scoping_and_bad_filters(tree, personas):
    walked(tree.a1, tree.a)
    assert "支部A1" not in _client(personas["支部书记B1"]).get(URL).content.decode()
    admin = _client(personas["党委管理员A"])
    for query in ("year=99999999999999999999", "year=abc", "organization=99999999999999999999", "stage=x"):
        page = admin.get(f"{URL}?{query}")
        assert page.status_code in (200, 404), query
        assert "支部A1" not in page.content.decode(), query
    refused = admin.get(f"{URL}?year=abc").content.decode()
    assert "拟命名" not in refused and "数" in refused
