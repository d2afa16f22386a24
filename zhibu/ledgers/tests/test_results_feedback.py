"""Results feed back (issue 23): the finished grades and honours of a member show on their page and, as options, in
the 党员花名册; an organisation's page shows the grades of the posts in it. Only graded or scored rounds and approved
honours count, each with a link to its record; another branch's keeper sees none of it."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.activities import talks
from zhibu.awards.tests.helpers import walked
from zhibu.members.models import Member
from zhibu.secretary_reviews import services as secretary_services
from zhibu.secretary_reviews.models import Report
from zhibu.secretary_reviews.models import Status as SecretaryStatus
from zhibu.secretary_reviews.tests.helpers import advance, rating
from zhibu.staff_reviews import services as staff_services
from zhibu.staff_reviews.models import Subject
from zhibu.staff_reviews.tests.helpers import rated_round
from zhibu.testing import SETUP, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(tree, personas):
    """An appraisal grade for 普通党员甲, an approved honour, a graded 述职 of A1's secretary 张书记 and a scored
    党务工作者考核 of 李书记 (A1) and 王干事 (A2), all of this year but the honour (2026, the awards path's year)."""
    year = timezone.localdate().year
    ordinary = Member.objects.get(name="普通党员甲")
    secretary = make_member(tree.a1, name="张书记")
    talks.save_appraisals(
        actor=SETUP, organization=tree.a1, year=year, grades={ordinary.pk: "excellent", secretary.pk: "qualified"}
    )
    honour_nomination = walked(tree.a1, tree.a, member=ordinary, through="decide")
    appraisal_round, report = rating(tree, personas)
    for name, choice in (("工委管理员", "good"), ("支部书记A1", "fairly_good"), ("党员A1", "good")):
        secretary_services.cast_ballot(actor=personas[name], report=report, choice=choice)
    advance(appraisal_round, SecretaryStatus.GRADED)
    review, staff_secretary, worker = rated_round(tree, personas)
    for subject in Subject.objects.filter(round=review):
        for name, choice in (("工委管理员", "excellent"), ("支部书记A1", "competent"), ("党员A1", "basic")):
            staff_services.cast_ballot(actor=personas[name], subject=subject, choice=choice)
    staff_services.score_round(actor=SETUP, round=review)
    return {
        "year": year,
        "ordinary": ordinary,
        "secretary": secretary,
        "honour": honour_nomination.honour,
        "report": Report.objects.get(pk=report.pk),
        "staff": Subject.objects.get(round=review, member=staff_secretary.member),
        "worker": Subject.objects.get(round=review, member=worker.member),
    }


def _roster(client, tree, **options):
    return client.get("/ledgers/roster/", {"organization": tree.a1.pk, **options})


def test_the_default_roster_stays_as_it_was(tree, personas, client_as, results):
    page = _roster(client_as(personas["支部书记A1"]), tree).content.decode()
    assert "普通党员甲" in page and "手机号码" in page
    assert "民主评议等次" not in page and "表彰奖励" not in page and "考核等次" not in page


def test_the_roster_adds_the_chosen_result_columns(tree, personas, client_as, results):
    year = results["year"]
    client = client_as(personas["支部书记A1"])
    page = _roster(client, tree, appraisal="year", honours="all", post_reviews="year").content.decode()
    assert f"{year}年度民主评议等次" in page and "表彰奖励" in page and f"{year}年度考核等次" in page
    assert "2026年2026年度优秀共产党员" in page  # every year's honours, each with its year
    assert f"{results['report'].get_grade_display()}（支部A1书记）" in page
    assert f"{results['staff'].get_grade_display()}（支部A1支部书记）" in page
    assert f"评议、表彰、考核为{year}年度" in page
    workbook = load_workbook(io.BytesIO(_roster(client, tree, appraisal="all", format="xlsx").content), read_only=True)
    cells = [str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell]
    assert "年度民主评议等次" in cells and f"{year}年优秀" in cells


def test_a_bad_option_is_told_and_the_column_left_out(tree, personas, client_as, results):
    response = _roster(client_as(personas["支部书记A1"]), tree, appraisal="every", post_reviews="1' OR 1=1")
    text = response.content.decode()
    assert response.status_code == 200
    assert "“年度民主评议等次”没有这个选项" in text and "“考核等次”没有这个选项" in text
    assert "民主评议等次</th>" not in text


def test_the_ledger_list_offers_the_roster_options(tree, personas, client_as):
    page = client_as(personas["支部书记A1"]).get("/ledgers/", {"organization": tree.a1.pk}).content.decode()
    assert "党员花名册：可选列" in page and 'name="post_reviews"' in page and "历年" in page


def test_the_member_page_shows_each_finished_result_with_its_link(tree, personas, client_as, results):
    keeper = client_as(personas["支部书记A1"])
    secretary_page = keeper.get(f"/members/{results['secretary'].pk}/").content.decode()
    assert "考核评议结果" in secretary_page and "述职评议" in secretary_page
    assert results["report"].get_absolute_url() in secretary_page
    staff_page = keeper.get(f"/members/{results['staff'].member_id}/").content.decode()
    assert results["staff"].get_absolute_url() in staff_page
    ordinary_page = keeper.get(f"/members/{results['ordinary'].pk}/").content.decode()
    assert "民主评议" in ordinary_page and "优秀" in ordinary_page and "2026年度优秀共产党员" in ordinary_page
    # The member reads their own results on 我的档案; another branch's keeper cannot open the page at all.
    own = client_as(personas["党员A1"]).get("/me/profile/").content.decode()
    assert "考核评议结果" in own and "民主评议" in own
    assert client_as(personas["支部书记B1"]).get(f"/members/{results['ordinary'].pk}/").status_code == 404


def test_an_unfinished_round_feeds_nothing_back(tree, personas, client_as):
    make_member(tree.a1, name="张书记")
    rating(tree, personas)  # reported, rated, not graded
    rated_round(tree, personas)  # not scored
    keeper = client_as(personas["支部书记A1"])
    page = _roster(keeper, tree, post_reviews="all").content.decode()
    assert "考核等次" in page and "（支部A1书记）" not in page and "（支部A1支部书记）" not in page
    assert "<h2>党务工作者考核</h2>" not in keeper.get(f"/organizations/{tree.a1.pk}/").content.decode()


def test_the_organisation_page_shows_the_grades_of_its_posts(tree, personas, client_as, results):
    year = results["year"]
    admin = client_as(personas["党委管理员A"])
    page = admin.get(f"/organizations/{tree.a.pk}/").content.decode()
    assert "<h2>党务工作者考核</h2>" in page and results["worker"].get_absolute_url() in page
    assert "民主评议党员结果" in page and f"{year}年度 支部A1：优秀1人、合格1人" in page
    other = client_as(personas["支部书记B1"]).get(f"/organizations/{tree.b1.pk}/").content.decode()
    assert "王干事" not in other and "民主评议党员结果" not in other
