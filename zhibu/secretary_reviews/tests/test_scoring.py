"""The weighted score and the grade: the arithmetic per rater group, a group without ballots, the bands."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.models import Report, Status
from zhibu.secretary_reviews.tests.helpers import advance, rating

GROUPS = {
    "工委管理员": "superior",
    "纪检A": "superior",
    "党委管理员A": "peer",
    "支部书记A1": "peer",
    "党员A1": "member",
}


def vote(personas, report, choices):
    for name, choice in choices.items():
        services.cast_ballot(actor=personas[name], report=report, choice=choice)


def test_weighted_score_and_grade(tree, personas):
    appraisal_round, report = rating(tree, personas, GROUPS)
    vote(
        personas,
        report,
        {
            "工委管理员": "good",
            "纪检A": "good",
            "党委管理员A": "good",
            "支部书记A1": "fairly_good",
            "党员A1": "average",
        },
    )
    advance(appraisal_round, Status.GRADED)
    report = Report.objects.get(pk=report.pk)
    # 上级 (100+100)/2 = 100 × 40%; 同级 (100+80)/2 = 90 × 30%; 党员代表 60 × 30% → 40 + 27 + 18 = 85 → 较好 (75–89)
    assert report.score == Decimal("85.00")
    assert report.grade == "fairly_good"
    assert report.arithmetic["formula"].startswith("100.00×40% + 90.00×30% + 60.00×30% = 85.00分 → 较好")


def test_a_group_without_ballots_drops_out(tree, personas):
    appraisal_round, report = rating(tree, personas, GROUPS)
    vote(personas, report, {"工委管理员": "good", "党员A1": "average"})
    score = services.weighted_score(appraisal_round, report)
    # (100 × 40 + 60 × 30) ÷ 70 = 82.857… → 82.86
    assert score.score == Decimal("82.86")
    assert "÷ 70%" in score.formula()


@pytest.mark.parametrize(
    ("choice", "grade"), [("good", "good"), ("fairly_good", "fairly_good"), ("average", "average"), ("poor", "poor")]
)
def test_bands(tree, personas, choice, grade):
    appraisal_round, report = rating(tree, personas, {"工委管理员": "superior"})
    vote(personas, report, {"工委管理员": choice})
    advance(appraisal_round, Status.GRADED)
    assert Report.objects.get(pk=report.pk).grade == grade


def test_grading_refused_without_ballots(tree, personas):
    appraisal_round, report = rating(tree, personas)
    with pytest.raises(ValidationError, match="尚无评议票"):
        advance(appraisal_round, Status.GRADED)


def test_weights_must_add_up_and_bands_descend(tree):
    from zhibu.secretary_reviews.tests.helpers import review_round

    with pytest.raises(ValidationError) as refused:
        review_round(tree.a, weight_superior=50, weight_peer=30, weight_member=30, band_good=70, band_fairly_good=80)
    assert "权重之和应为100%，现为110%" in str(refused.value)
    assert "“好” > “较好” > “一般”" in str(refused.value)
