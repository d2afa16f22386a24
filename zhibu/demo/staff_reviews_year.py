"""The demo's 党务工作者考核 of its year: the first 党委 (the ``dangwei`` account's) reviews the people holding the
支部书记 or 党务干部 role in its subtree. Its officers, the 工委 above and people of the branch rate them anonymously —
each ballot counting as 上级, 同级 or 下级 by the rater's organisation relative to the person's — and the round is
scored from the records' indicators and the ballots, so every person has a grade with its arithmetic."""

import random

from zhibu.accounts.models import User
from zhibu.staff_reviews import services
from zhibu.staff_reviews.models import Grade, Group, Subject

# The demo accounts invited, with the group that applies only where no relation to a person can be read.
RATERS = (
    ("gongwei", Group.SUPERIOR),
    ("dangwei", Group.SUPERIOR),
    ("jijian", Group.PEER),
    ("shuji", Group.PEER),
    ("dangwu", Group.PEER),
    ("dangyuan", Group.SUBORDINATE),
)
# How raters lean: most choose 优秀 or 称职, now and then 基本称职.
CHOICES = (Grade.EXCELLENT, Grade.EXCELLENT, Grade.COMPETENT, Grade.COMPETENT, Grade.BASIC)


def build_staff_reviews(year: int, seed: int = 2024) -> str:
    """Returns a summary line: the people reviewed, the ballots and the grades."""
    rng = random.Random(seed)
    organiser = User.objects.get(username="gongwei")
    committee = User.objects.get(username="dangwei").role_grants.get().organization
    review_round = services.create_round(
        actor=organiser, organization=committee, year=year, title=f"{year}年度党务工作者考核"
    )
    raters = [User.objects.get(username=username) for username, _group in RATERS]
    for rater, (_username, group) in zip(raters, RATERS, strict=True):
        services.invite_rater(actor=organiser, round=review_round, user=rater, group=group)
    subjects = list(Subject.objects.filter(round=review_round).select_related("member").order_by("pk"))
    ballots = 0
    for rater in raters:
        for subject in subjects:
            if subject.member.user_id == rater.pk:
                continue  # nobody rates themself
            services.cast_ballot(actor=rater, subject=subject, choice=rng.choice(CHOICES))
            ballots += 1
    services.score_round(actor=organiser, round=review_round)
    graded = Subject.objects.filter(round=review_round).exclude(grade="").count()
    return f"{len(subjects)}名考核对象，{ballots}张评议票，{graded}人已评定等次"
