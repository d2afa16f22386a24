"""ORG-01, MEM-02 and MTG-03 through the public surface: records changed by the services, verdicts as stored."""

import datetime

import pytest

from zhibu.members import services as member_services
from zhibu.members.choices import EventKind
from zhibu.organizations.models import OrganizationKind
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member, make_org

pytestmark = pytest.mark.usefixtures("live_verdicts")


def now_verdict(org, rule_id):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key="now")


@pytest.mark.parametrize(
    "kind", [OrganizationKind.BRANCH, OrganizationKind.JOINT_BRANCH, OrganizationKind.TEMPORARY_BRANCH]
)
def test_org01_counts_only_full_members_in_good_standing_in_every_kind_of_branch(tree, kind):
    branch = make_org(tree.a, "新设支部", kind)
    members = [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)]
    assert now_verdict(branch, "ORG-01").status == VerdictStatus.MET
    member_services.record_event(
        actor=SETUP, member=members[0], kind=EventKind.SUSPEND, happened_on=datetime.date(2026, 1, 10)
    )
    suspended = now_verdict(branch, "ORG-01")
    assert suspended.status == VerdictStatus.MISSED
    assert suspended.explanation.startswith("现有正式党员2人（另有停止党籍的1人，不计入），少于3人")
    assert "party_status=normal" in suspended.evidence[0]["url"]
    member_services.record_event(
        actor=SETUP, member=members[0], kind=EventKind.RESTORE, happened_on=datetime.date(2026, 2, 10)
    )
    assert now_verdict(branch, "ORG-01").status == VerdictStatus.MET
