import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.ratings import services
from zhibu.ratings.models import ManualScore, ScoringItem, ScoringSheet
from zhibu.standards.models import Verdict, VerdictStatus

LAST_YEAR = timezone.localdate().year - 1


def verdict(org, rule_id, month, status):
    start = datetime.date(LAST_YEAR, month, 1)
    end = (start + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
    return Verdict.objects.create(
        rule_id=rule_id,
        organization=org,
        period_key=f"{LAST_YEAR}-{month:02d}",
        period_start=start,
        period_end=end,
        status=status,
        explanation="测试",
        computed_at=timezone.now(),
    )


@pytest.fixture
def sheet(tree, personas):
    """A 工委 sheet of last year with two items: 三会一课 (automatic, 20 points) and 作用发挥 (manual, 10 points)."""
    sheet = services.create_sheet(
        actor=personas["工委管理员"], organization=tree.gongwei, year=LAST_YEAR, with_default_items=False
    )
    services.add_item(
        actor=personas["工委管理员"],
        sheet=sheet,
        dimension="committee",
        title="三会一课",
        kind="auto",
        points="20",
        rule_ids=["MTG-04"],
    )
    services.add_item(
        actor=personas["工委管理员"],
        sheet=sheet,
        dimension="impact",
        title="推动业务工作",
        kind="manual",
        points="10",
    )
    return sheet


def test_automatic_points_come_from_verdicts_and_manual_points_from_assessors(tree, personas, client_as, sheet):
    for month in range(1, 10):
        verdict(tree.a1, "MTG-04", month, VerdictStatus.MET)
    verdict(tree.a1, "MTG-04", 10, VerdictStatus.EXPLAINED)
    verdict(tree.a1, "MTG-04", 11, VerdictStatus.MISSED)
    verdict(tree.a1, "MTG-04", 12, VerdictStatus.MISSED)
    admin = client_as(personas["工委管理员"])
    manual = sheet.items.get(kind="manual")
    url = f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/"
    admin.post(url, {"item": manual.pk, "points": "8.5", "basis": "书记项目按期完成，群众评价较好"})
    page = admin.get(url)
    result = page.context["result"]
    auto = next(r for r in result.items if r.item.kind == "auto")
    assert auto.earned == Decimal("16.7") and "MTG-04 达标10/12" in auto.basis  # 20 × 10/12
    assert result.earned == Decimal("25.2") and result.possible == Decimal("30") and result.percent == 84.0
    assert result.stars == 4
    html = page.content.decode()
    assert "书记项目按期完成" in html and "每一分的来源" in html
    # The branch reads its own breakdown but cannot score itself.
    secretary = client_as(personas["支部书记A1"])
    assert secretary.get(url).status_code == 200
    secretary.post(url, {"item": manual.pk, "points": "10", "basis": "自评满分自评满分"})
    assert ManualScore.objects.get().points == Decimal("8.5")
    assert client_as(personas["支部书记B1"]).get(url).status_code == 404


def test_items_not_yet_due_or_not_scored_are_left_out_not_counted_as_zero(tree, personas, sheet):
    from zhibu.ratings import scoring

    result = scoring.results(sheet, [tree.a2])[0]
    assert result.possible == 0 and result.percent is None and result.pending == 1
    assert "尚无到期的评估结论" in result.items[0].basis


def test_stars_follow_the_lines_the_quota_and_four_strong_needs_every_dimension(tree, personas, client_as, sheet):
    from zhibu.ratings import scoring

    sheet.five_star_quota = 30
    sheet.save()
    for branch in (tree.a1, tree.a2, tree.b1):
        for month in range(1, 13):
            verdict(branch, "MTG-04", month, VerdictStatus.MET)
        services.score(
            actor=personas["工委管理员"],
            item=sheet.items.get(kind="manual"),
            organization=branch,
            points="10",
            basis="成效突出成效突出",
        )
    results = {r.organization: r for r in scoring.results(sheet, [tree.a1, tree.a2, tree.b1, tree.a3a])}
    fives = [org for org, r in results.items() if r.stars == 5]
    assert len(fives) == 1  # 30% of 4 branches: one five-star place; the others at 100% get four stars
    admin = client_as(personas["工委管理员"])
    pages = [
        admin.get(f"/ratings/{sheet.pk}/branches/{org.pk}/").context["result"] for org in (tree.a1, tree.a2, tree.b1)
    ]
    assert sorted(result.stars for result in pages) == [4, 4, 5]  # each branch page ranks among all the branches
    assert sum("受五星名额" in r.star_note for r in results.values()) == 2
    # 政治功能强 and 党员队伍强 have no item on this sheet, so nobody is 四强 yet.
    assert not any(r.four_strong for r in results.values())
    assert "政治功能强" in results[tree.a1].four_strong_note
    page = client_as(personas["工委管理员"]).get(f"/ratings/{sheet.pk}/")
    assert page.status_code == 200 and "★★★★★" in page.content.decode()
    export = client_as(personas["工委管理员"]).get(f"/ratings/{sheet.pk}/?export=1")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:2] == ("排名", "党支部") and len(rows) == 1 + 4


def test_default_sheet_reaches_four_strong_when_every_dimension_scores(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    response = admin.post(
        "/ratings/",
        {"organization": tree.gongwei.pk, "year": LAST_YEAR, "four_strong_line": 85, "with_default_items": "on"},
    )
    sheet = ScoringSheet.objects.get()
    assert response.status_code == 302 and sheet.items.count() == 8
    assert sum(item.points for item in sheet.items.all()) == 100
    for item in sheet.items.filter(kind="auto"):
        for index, rule_id in enumerate(item.rule_ids):
            verdict(tree.a1, rule_id, index + 1, VerdictStatus.MET)
    for item in sheet.items.filter(kind="manual"):
        admin.post(
            f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/",
            {"item": item.pk, "points": str(item.points), "basis": "材料齐全，成效明显"},
        )
    result = admin.get(f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/").context["result"]
    assert result.percent == 100.0 and result.stars == 5 and result.four_strong


def test_bad_input_is_refused_with_a_reason(tree, personas, client_as, sheet):
    admin = client_as(personas["工委管理员"])
    duplicate = admin.post("/ratings/", {"organization": tree.gongwei.pk, "year": LAST_YEAR, "four_strong_line": 85})
    assert "已有" in duplicate.content.decode()
    lines = admin.post(
        "/ratings/",
        {"organization": tree.gongwei.pk, "year": LAST_YEAR - 1, "four_strong_line": 85, "star_lines": "5:70, 4:80"},
    )
    assert "星级越高，分数线应越高" in lines.content.decode()
    items_url = f"/ratings/{sheet.pk}/items/"
    cases = [
        ({"kind": "auto", "rule_ids": []}, "请至少选择一条规则"),
        ({"kind": "auto", "rule_ids": ["JL-01"]}, "选择一个有效的选项"),  # not evaluated yet
        ({"kind": "manual", "rule_ids": ["MTG-04"]}, "评分项目不需要选择规则"),
        ({"kind": "manual", "points": "0"}, "0.5"),
    ]
    for overrides, message in cases:
        data = {"dimension": "political", "title": "理论学习", "kind": "manual", "points": "5", **overrides}
        assert message in admin.post(items_url, data).content.decode(), message
    manual = sheet.items.get(kind="manual")
    branch_url = f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/"
    too_much = admin.post(branch_url, {"item": manual.pk, "points": "11", "basis": "超过分值的打分"}, follow=True)
    assert "得分应在0到10.0分之间" in too_much.content.decode()
    auto = sheet.items.get(kind="auto")
    refused = admin.post(branch_url, {"item": auto.pk, "points": "5", "basis": "自动项目手工打分"}, follow=True)
    assert "需要打分的项目" in refused.content.decode()
    assert not ManualScore.objects.exists() and sheet.items.count() == 2
    # A 党委 cannot change the 工委's sheet.
    assert client_as(personas["党委管理员A"]).get(f"/ratings/{sheet.pk}/").status_code == 404


def test_locking_needs_every_score_and_freezes_the_results(tree, personas, client_as, sheet):
    admin = client_as(personas["工委管理员"])
    refused = admin.post(f"/ratings/{sheet.pk}/lock/", follow=True)
    assert "未打分" in refused.content.decode()
    for branch in (tree.a1, tree.a2, tree.a3a, tree.b1):
        services.score(
            actor=personas["工委管理员"],
            item=sheet.items.get(kind="manual"),
            organization=branch,
            points="6",
            basis="按期完成任务",
        )
    admin.post(f"/ratings/{sheet.pk}/lock/")
    sheet.refresh_from_db()
    assert sheet.locked_at is not None and len(sheet.final_results) == 4
    late = admin.post(
        f"/ratings/{sheet.pk}/items/",
        {"dimension": "political", "title": "补充项目", "kind": "manual", "points": "5"},
        follow=True,
    )
    assert "已定稿或您无权修改" in late.content.decode()
    with pytest.raises(Exception, match="已于"):
        services.score(
            actor=personas["工委管理员"],
            item=sheet.items.get(kind="manual"),
            organization=tree.a1,
            points="9",
            basis="定稿后改分",
        )
    assert ScoringItem.objects.count() == 2


def test_a_branch_with_items_to_score_is_ranked_apart_and_never_takes_a_five_star_place_from_a_scored_one(
    tree, personas, client_as, sheet
):
    from zhibu.ratings import scoring

    sheet.five_star_quota = 25  # one five-star place among the four branches
    sheet.save()
    for branch in (tree.a1, tree.a2):
        for month in range(1, 13):
            verdict(branch, "MTG-04", month, VerdictStatus.MET)
    manual = sheet.items.get(kind="manual")
    services.score(
        actor=personas["工委管理员"], item=manual, organization=tree.a1, points="7.5", basis="成效较好成效较好"
    )
    results = {r.organization: r for r in scoring.results(sheet, [tree.a1, tree.a2, tree.b1, tree.a3a])}
    scored, provisional = results[tree.a1], results[tree.a2]
    assert scored.percent == 91.7 and scored.stars == 5 and not scored.pending
    # 100% on the items scored so far, but 推动业务工作 is not scored yet: the place goes to the fully scored branch.
    assert provisional.percent == 100.0 and provisional.pending == 1 and provisional.stars == 4
    assert provisional.star_note.endswith("尚有项目待评分，排在评分完整的党支部之后")
    admin = client_as(personas["工委管理员"])
    page = admin.get(f"/ratings/{sheet.pk}/").content.decode()
    table = page[page.index("<th>排名</th>") :]
    assert table.index(">支部A1</a>") < table.index("以下党支部尚有项目待评分") < table.index(">支部A2</a>")
    rows = list(load_workbook(io.BytesIO(admin.get(f"/ratings/{sheet.pk}/?export=1").content)).active.values)
    assert [row[:2] for row in rows[1:3]] == [(1, "支部A1"), ("暂定1", "支部A2")]
    services.score(
        actor=personas["工委管理员"], item=manual, organization=tree.a2, points="10", basis="成效突出成效突出"
    )
    rescored = {r.organization: r for r in scoring.results(sheet, [tree.a1, tree.a2, tree.b1, tree.a3a])}
    assert rescored[tree.a2].stars == 5 and rescored[tree.a1].stars == 4  # scored in full, it outranks A1
