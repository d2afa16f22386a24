"""Every write of the 党务工作者考核: the round (which lists the people under review), the invited raters, an anonymous
ballot and the scoring. Each runs in one transaction and writes one audit row; a ballot's audit row names the rater and
the person but never the choice."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.accounts.models import RoleGrant
from zhibu.accounts.roles import Role
from zhibu.core import audit, weighting
from zhibu.core.audit_catalogue import Event
from zhibu.core.rated_rounds import ORGANISER_KINDS, eligible_raters
from zhibu.core.scoping import CHANGE, require
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.staff_reviews import indicators, relations
from zhibu.staff_reviews.models import (
    CHOICE_SCORES,
    Ballot,
    Grade,
    Group,
    Rater,
    StaffReviewRound,
    Status,
    Subject,
    Vote,
)

# The roles whose holders are reviewed, in the order a person holding both is listed under.
STAFF_ROLES = (Role.SECRETARY, Role.PARTY_WORKER)


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def staff_of(organiser: Organization) -> list[tuple[Member, Organization, str]]:
    """The people holding the 支部书记 or 党务干部 role in the organiser's subtree who have a member record: one row a
    person (the first role by ``STAFF_ROLES``, then the organisation highest in the tree)."""
    grants = (
        RoleGrant.objects.filter(
            role__in=STAFF_ROLES,
            organization__path__startswith=organiser.path,
            organization__status=Organization.Status.ACTIVE,
            user__is_active=True,
            user__member__isnull=False,
        )
        .select_related("organization", "user__member")
        .order_by("organization__path", "id")
    )
    chosen: dict[int, tuple[Member, Organization, str]] = {}
    for grant in sorted(grants, key=lambda g: STAFF_ROLES.index(Role(g.role))):
        member = grant.user.member
        chosen.setdefault(member.pk, (member, grant.organization, Role(grant.role).label))
    return sorted(chosen.values(), key=lambda row: (row[1].path, row[0].pk))


def _check_percent(errors: dict[str, str], values: Mapping[str, int | None], what: str) -> None:
    for field, value in values.items():
        if value is None or not 0 <= value <= 100:
            errors[field] = "权重应为0至100之间的整数"
    if not errors.keys() & values.keys() and sum(v or 0 for v in values.values()) != 100:
        errors[list(values)[-1]] = f"{what}的权重之和应为100%，现为{sum(v or 0 for v in values.values())}%"


@transaction.atomic
def create_round(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    title: str,
    weight_indicators: int = 40,
    weight_ratings: int = 60,
    weight_superior: int = 40,
    weight_peer: int = 30,
    weight_subordinate: int = 30,
    band_excellent: int = 90,
    band_competent: int = 70,
    band_basic: int = 60,
) -> StaffReviewRound:
    """The round and its people: everyone holding the 支部书记 or 党务干部 role in the organiser's subtree today."""
    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    if organization.kind not in ORGANISER_KINDS:
        errors["organization"] = "党务工作者考核由机关工委或机关党委组织，请选择工委或党委"
    title = (title or "").strip()[:100]
    if not title:
        errors["title"] = "请填写名称，如：2026年度党务工作者考核"
    today = timezone.localdate()
    if year is None or not today.year - 1 <= year <= today.year + 1:
        errors["year"] = f"年度应为{today.year - 1}至{today.year + 1}年"
    parts = {"weight_indicators": weight_indicators, "weight_ratings": weight_ratings}
    _check_percent(errors, parts, "记录指标和评议")
    groups = {"weight_superior": weight_superior, "weight_peer": weight_peer, "weight_subordinate": weight_subordinate}
    _check_percent(errors, groups, "三类评议人")
    bands = {"band_excellent": band_excellent, "band_competent": band_competent, "band_basic": band_basic}
    for field, value in bands.items():
        if value is None or not 1 <= value <= 100:
            errors[field] = "分数线应为1至100之间的整数"
    if not errors.keys() & bands.keys() and not band_excellent > band_competent > band_basic:
        errors["band_competent"] = "分数线应满足：“优秀” > “称职” > “基本称职”"
    if not errors and StaffReviewRound.objects.filter(organization=organization, year=year).exists():
        errors["year"] = f"{organization.name}{year}年度的党务工作者考核已经建立"
    people = staff_of(organization) if not errors else []
    if not errors and not people:
        errors["organization"] = f"{organization.name}及其下级党组织尚无担任支部书记或党务干部、并有党员信息的人员"
    if errors:
        raise ValidationError(errors)
    made = StaffReviewRound.objects.create(
        organization=organization, year=year, title=title, created_by=_user(actor), **parts, **groups, **bands
    )
    Subject.objects.bulk_create(
        Subject(round=made, member=member, organization=where, role=role) for member, where, role in people
    )
    audit.record(
        actor=actor,
        event=Event.STAFF_REVIEW_ROUND_CREATED,
        obj=made,
        after={**audit.snapshot(made), "subjects": len(people)},
    )
    return made


def _lock_round(review_round: StaffReviewRound) -> StaffReviewRound:
    return StaffReviewRound.objects.select_for_update().select_related("organization").get(pk=review_round.pk)


def _refuse_scored(review_round: StaffReviewRound, doing: str) -> None:
    if review_round.status != Status.RATING:
        raise ValidationError(f"“{review_round.title}”已评定，不能再{doing}")


# Raters and ballots -----------------------------------------------------------------------------------------------


@transaction.atomic
def invite_rater(*, actor: Any, round: StaffReviewRound, user: Any, group: str) -> Rater:  # noqa: A002
    review_round = _lock_round(round)
    require(actor, CHANGE, review_round)
    _refuse_scored(review_round, "邀请评议人")
    if group not in Group.values:
        raise ValidationError({"group": "请选择默认评议人类别：上级、同级或下级"})
    if user is None or not eligible_raters(review_round.organization).filter(pk=user.pk).exists():
        raise ValidationError({"user": f"评议人须是{review_round.organization.name}及其上级、下级党组织在用的账号"})
    if Rater.objects.filter(round=review_round, user=user).exists():
        raise ValidationError({"user": f"{user}已是本次考核的评议人"})
    rater = Rater.objects.create(round=review_round, user=user, group=group)
    audit.record(actor=actor, event=Event.STAFF_REVIEW_RATER_INVITED, obj=rater, after=audit.snapshot(rater))
    return rater


def rater_for(user: Any, review_round: StaffReviewRound) -> Rater | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Rater.objects.filter(round=review_round, user=user).first()


@transaction.atomic
def cast_ballot(*, actor: Any, subject: Subject, choice: str) -> Vote:
    """One rater's anonymous ballot on one person; nobody rates themself."""
    subject = Subject.objects.select_related("round", "member", "organization").get(pk=subject.pk)
    review_round = _lock_round(subject.round)
    rater = rater_for(actor, review_round)
    if rater is None:
        raise PermissionDenied("您不是本次考核的评议人")
    _refuse_scored(review_round, "投票")
    if choice not in Grade.values:
        raise ValidationError({"choice": "请选择评价：优秀、称职、基本称职或不称职"})
    if subject.member.user_id == rater.user_id:
        raise ValidationError("不能评议本人")
    refusal = f"您已对{subject.member.name}投过票，不能重复投票"
    if Vote.objects.filter(subject=subject, rater=rater).exists():
        raise ValidationError(refusal)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(subject=subject, rater=rater)
    except IntegrityError as duplicate:  # a second submit racing the first
        raise ValidationError(refusal) from duplicate
    # The group is read from the rater's and the person's organisations now; the ballot keeps only the group.
    Ballot.objects.create(subject=subject, group=relations.group_for(rater, subject), choice=choice)
    audit.record(
        actor=actor,
        event=Event.STAFF_REVIEW_VOTED,
        organization=subject.organization,
        object_repr=str(subject),
        extra={"subject": subject.pk},  # never the choice
    )
    return vote


# The score --------------------------------------------------------------------------------------------------------


class Result:
    """One person's final score with its arithmetic: the indicators' mean (equal weights over those with a value),
    the ratings' weighted mean (per rater group), and the two weighed by the round's weights."""

    def __init__(self, subject: Subject, rows: list[dict[str, Any]], ballots: list[tuple[str, str]]) -> None:
        review_round = subject.round
        self.indicators = rows
        measured = [weighting.Part(row["label"], 1, (Decimal(row["value"]),) if row["value"] else ()) for row in rows]
        self.indicator_part = weighting.combine(measured)
        self.rating_rows: list[dict[str, Any]] = []
        parts = []
        for group in Group:
            choices = [choice for g, choice in ballots if g == group]
            part = weighting.Part(
                group.label, review_round.group_weights()[group], tuple(CHOICE_SCORES[Grade(c)] for c in choices)
            )
            parts.append(part)
            self.rating_rows.append(
                {
                    "group": group.label,
                    "ballots": len(choices),
                    "counts_text": "/".join(str(sum(1 for c in choices if c == grade)) for grade in Grade),
                    "mean": weighting.cents(part.mean),
                    "weight": part.weight,
                }
            )
        self.ratings = weighting.combine(parts)
        indicator_score, rating_score = self.indicator_part.score, self.ratings.score
        self.final = weighting.combine(
            [
                weighting.Part(
                    "记录指标",
                    review_round.weight_indicators,
                    (indicator_score,) if indicator_score is not None else (),
                ),
                weighting.Part(
                    "评议", review_round.weight_ratings, (rating_score,) if rating_score is not None else ()
                ),
            ]
        )
        self.score = self.final.score if rating_score is not None else None
        self.grade = review_round.grade_for(self.score).value if self.score is not None else ""
        self.bands = (review_round.band_excellent, review_round.band_competent, review_round.band_basic)

    def _mean_formula(self) -> str:
        with_value = [row for row in self.indicators if row["value"]]
        if not with_value:
            return "各项指标均无可计数的记录，不计记录指标"
        values = " + ".join(row["value"] for row in with_value)
        return f"({values}) ÷ {len(with_value)} = {self.indicator_part.score}分"

    def _rating_formula(self) -> str:
        if self.ratings.score is None:
            return "尚无评议票"
        return f"{self.ratings.terms()} = {self.ratings.score}分"

    def _final_formula(self) -> str:
        if self.score is None:
            return "尚无评议票，不能评定"
        excellent, competent, basic = self.bands
        grade = Grade(self.grade).label
        return (
            f"{self.final.terms()} = {self.score}分 → {grade}"
            f"（优秀≥{excellent}，称职≥{competent}，基本称职≥{basic}，以下为不称职）"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "indicators": self.indicators,
            "indicator_formula": self._mean_formula(),
            "ratings": self.rating_rows,
            "scores": {grade.label: CHOICE_SCORES[grade] for grade in Grade},
            "rating_formula": self._rating_formula(),
            "formula": self._final_formula(),
        }


def result_for(subject: Subject, today: Any = None) -> Result:
    """The live result of a person in a round still being rated (the indicators read now), or as kept once scored."""
    today = today or timezone.localdate()
    rows = subject.indicators or indicators.read(subject.member, subject.organization, subject.round.year, today)
    return Result(subject, rows, list(Ballot.objects.filter(subject=subject).values_list("group", "choice")))


@transaction.atomic
def score_round(*, actor: Any, round: StaffReviewRound) -> StaffReviewRound:  # noqa: A002
    """评议中 → 已评定: each person's indicators are read from the records and kept, the ballots counted, the score and
    grade fixed with their arithmetic. Refused while a person has no ballot."""
    review_round = _lock_round(round)
    require(actor, CHANGE, review_round)
    _refuse_scored(review_round, "评定")
    subjects = list(
        Subject.objects.select_for_update().filter(round=review_round).select_related("member", "organization")
    )
    today = timezone.localdate()
    for subject in subjects:
        subject.round = review_round
        subject.indicators = indicators.read(subject.member, subject.organization, review_round.year, today)
        result = result_for(subject, today)
        if result.score is None:
            raise ValidationError(f"{subject.member.name}尚无评议票，不能评定")
        subject.score, subject.grade, subject.arithmetic = result.score, result.grade, result.as_json()
        subject.save(update_fields=["indicators", "score", "grade", "arithmetic", "updated_at"])
    before = audit.snapshot(review_round)
    review_round.status = Status.SCORED
    review_round.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.STAFF_REVIEW_SCORED,
        obj=review_round,
        before=before,
        after=audit.snapshot(review_round),
    )
    return review_round
