"""Who should attend, who may vote, and whether a meeting or a vote stands (docs/rules.md MTG-02, MTG-03, MTG-05, MTG-16).

Votes compare with those *with voting rights who should attend* (应到会有表决权), never with those present: full members
only; probationary members and members whose membership is suspended do not count (docs/rules.md MTG-02, MTG-03)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from zhibu.activities.models import ActivityKind
from zhibu.committees.models import Position
from zhibu.members.choices import Category, EventKind
from zhibu.members.models import Member, MemberEvent
from zhibu.organizations.models import BRANCH_KINDS


@dataclass(frozen=True)
class Expected:
    member: Member
    has_voting_rights: bool
    is_dual_life: bool = False


def _suspended_on(member_ids: list[int], day: datetime.date) -> set[int]:
    """Members whose last suspend/restore event on or before the day was a suspension."""
    last: dict[int, str] = {}
    events = MemberEvent.objects.filter(
        member_id__in=member_ids, kind__in=[EventKind.SUSPEND, EventKind.RESTORE], happened_on__lte=day
    ).order_by("happened_on", "id")
    for member_id, kind in events.values_list("member_id", "kind"):
        last[member_id] = kind
    return {member_id for member_id, kind in last.items() if kind == EventKind.SUSPEND}


def _voting(member: Member, day: datetime.date, suspended: set[int]) -> bool:
    full_on_day = (
        member.category == Category.FULL and member.full_member_on is not None and member.full_member_on <= day
    )
    return full_on_day and member.pk not in suspended


# What the 应到 list and its callers read of a member: loading only these keeps a meeting's planning and holding from
# instantiating (and decrypting) whole member records.
EXPECTED_FIELDS = (
    "name",
    "name_initials",
    "category",
    "full_member_on",
    "is_leading_cadre",
    "dual_life_organization_id",
    "organization_id",
    "user_id",
)


def expected_attendees(kind: ActivityKind, organization, day: datetime.date) -> list[Expected]:
    """The 应到 list on the meeting day, from the affiliation history (transfers in and out respected)."""
    if kind.attendees == ActivityKind.Attendees.COMMITTEE:
        holders = (
            Position.objects.filter(term__organization=organization, holder__isnull=False, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
            .values("holder_id")
        )
        members = list(Member.objects.filter(pk__in=holders).order_by("name_initials", "name").only(*EXPECTED_FIELDS))
        dual: list[Member] = []
    elif kind.attendees == ActivityKind.Attendees.GROUP:
        members = list(
            Member.objects.filter(party_group=organization)
            .current()
            .order_by("name_initials", "name")
            .only(*EXPECTED_FIELDS)
        )
        dual = []
    elif kind.attendees == ActivityKind.Attendees.MEMBERS:
        subtree = organization.kind not in BRANCH_KINDS
        members = list(
            Member.objects.in_organization_on(organization, day, subtree=subtree)
            .order_by("name_initials", "name")
            .only(*EXPECTED_FIELDS)
        )
        known = {member.pk for member in members}
        dual = [
            m
            for m in Member.objects.filter(dual_life_organization=organization, is_leading_cadre=True)
            .current()
            .only(*EXPECTED_FIELDS)
            if m.pk not in known
        ]
    else:
        members, dual = [], []
    suspended = _suspended_on([m.pk for m in members + dual], day)
    return [Expected(m, _voting(m, day, suspended), is_dual_life=_cadre_here(m, organization)) for m in members] + [
        Expected(m, _voting(m, day, suspended), is_dual_life=True) for m in dual
    ]


def _cadre_here(member: Member, organization) -> bool:
    """A leading cadre taking part as an ordinary member in the branch named for their 双重组织生活 (MTG-14)."""
    if not member.is_leading_cadre:
        return False
    target = member.dual_life_organization_id or member.organization_id
    return target == organization.pk


def quorum_conditions_meeting(kind: ActivityKind) -> bool:
    """Whether a meeting of this kind below its quorum could not validly convene (it is kept, but is not a meeting of
    the kind held): 支委会 "须有半数以上委员到会方可进行" (支部工作条例第十二条), 党组会议 "半数以上党组成员到会方能召开"
    (党组工作条例), 民主生活会 two thirds of those expected. The 党员大会's quorum conditions its votes only (第十一条
    "表决必须有半数以上有表决权的党员到会方可进行"): a general meeting without a vote is held whoever came."""
    return kind.quorum in (ActivityKind.Quorum.HALF_OF_COMMITTEE, ActivityKind.Quorum.TWO_THIRDS)


def cadre_needs_two_thirds(kind: ActivityKind) -> bool:
    """干部任免 needs two thirds present at a 党组（党委）meeting (党组工作条例), not at a branch meeting."""
    return kind.for_committees and kind.quorum == ActivityKind.Quorum.HALF_OF_COMMITTEE


@dataclass(frozen=True)
class QuorumResult:
    met: bool
    text: str


def quorum(kind: ActivityKind, expected: int, present: int, eligible: int, present_eligible: int) -> QuorumResult:
    rule = kind.quorum
    if rule == ActivityKind.Quorum.HALF_OF_VOTERS:
        met = present_eligible * 2 > eligible
        return QuorumResult(
            met, f"应到有表决权党员{eligible}人，实到{present_eligible}人，{'超过' if met else '未超过'}半数"
        )
    if rule == ActivityKind.Quorum.HALF_OF_COMMITTEE:
        met = present * 2 > expected
        return QuorumResult(met, f"委员{expected}人，到会{present}人，{'超过' if met else '未超过'}半数")
    if rule == ActivityKind.Quorum.TWO_THIRDS:
        met = present * 3 >= expected * 2
        return QuorumResult(met, f"应到{expected}人，实到{present}人，{'达到' if met else '未达到'}三分之二")
    return QuorumResult(True, f"应到{expected}人，实到{present}人")


@dataclass(frozen=True)
class VoteResult:
    is_valid: bool
    passed: bool
    explanation: str


def evaluate_vote(
    kind: ActivityKind,
    expected: int,
    present: int,
    eligible: int,
    present_eligible: int,
    yes: int,
    no: int,
    abstain: int,
    *,
    needs_two_thirds: bool = False,
) -> VoteResult:
    """A vote that fails the quorum is recorded as invalid with the reason; passing needs yes votes above half of
    those with voting rights who should attend (MTG-03), or of the committee (MTG-05)."""
    check = quorum(kind, expected, present, eligible, present_eligible)
    met = check.met
    text = check.text
    if needs_two_thirds and cadre_needs_two_thirds(kind):
        two_thirds = present * 3 >= expected * 2
        met = met and two_thirds
        text += f"；干部任免须三分之二以上到会，{'已达到' if two_thirds else '未达到'}"
    if not met:
        return VoteResult(False, False, f"{text}，表决无效")
    base = (
        expected if kind.quorum in (ActivityKind.Quorum.HALF_OF_COMMITTEE, ActivityKind.Quorum.TWO_THIRDS) else eligible
    )
    passed = yes * 2 > base
    who = "应到委员" if kind.quorum == ActivityKind.Quorum.HALF_OF_COMMITTEE else "应到有表决权人数"
    return VoteResult(
        True,
        passed,
        f"{text}，表决有效；赞成{yes}票、反对{no}票、弃权{abstain}票，赞成票"
        f"{'超过' if passed else '未超过'}{who}（{base}）的半数，{'通过' if passed else '未通过'}",
    )
