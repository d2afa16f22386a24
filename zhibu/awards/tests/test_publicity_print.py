"""The round's printable 公示 (A4, the shared ``core/publicity_print.html``): the nominations publicised together
with the period in working days, where objections go and the issuer; scoped like the round."""

from django.test import Client

from zhibu.awards.tests.helpers import walked


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_round_prints_its_publicity_notice(tree, personas):
    nomination = walked(tree.a1, tree.a)
    page = _client(personas["党委管理员A"]).get(f"/awards/rounds/{nomination.round_id}/publicity/")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"关于{nomination.round.title}拟表彰对象的公示" in text
    assert nomination.member.name in text and "优秀共产党员" in text and "支部A1" in text
    assert "公示时间：2026年11月4日至2026年11月10日（5个工作日）" in text
    assert "向党委A反映" in text and "data-print" in text and "zhibu/print.css" in text
    assert "<script>" not in text  # the CSP allows no inline script
    detail = _client(personas["党委管理员A"]).get(f"/awards/rounds/{nomination.round_id}/").content.decode()
    assert f"/awards/rounds/{nomination.round_id}/publicity/" in detail


def test_a_round_with_nothing_publicised_says_so_and_strangers_get_404(tree, personas):
    nomination = walked(tree.a1, tree.a)
    assert _client(personas["支部书记B1"]).get(f"/awards/rounds/{nomination.round_id}/publicity/").status_code == 404
    from zhibu.awards.tests.helpers import award_round

    empty = award_round(tree.b, title="党委B评选")
    page = _client(personas["工委管理员"]).get(f"/awards/rounds/{empty.pk}/publicity/").content.decode()
    assert "尚无进入公示的推荐对象" in page
    assert _client(personas["工委管理员"]).get("/awards/rounds/99999999999999999999/publicity/").status_code == 404
