"""The demo's awards part on a small tree (the full demo build is a slow test): a round whose branch fills its cap,
a refused nomination with the numbers, an open objection during 公示 and an honour on the member's record."""

import datetime
import types

import pytest

from zhibu.awards.models import Honour, Nomination, Objection, Stage
from zhibu.awards.tests.helpers import fill
from zhibu.core.audit_models import AuditEvent
from zhibu.demo.awards_year import AwardsYear
from zhibu.organizations.models import OrganizationKind
from zhibu.testing import make_org

pytestmark = pytest.mark.django_db


@pytest.mark.clock("2026-11-16T10:00")
def test_the_demo_shows_a_refusal_an_objection_and_an_honour():
    gongwei = make_org(None, "演示工委", OrganizationKind.GONGWEI)
    committee = make_org(gongwei, "演示党委", OrganizationKind.DANGWEI)
    branch = make_org(committee, "演示支部", OrganizationKind.BRANCH)
    fill(branch, 21)  # cap 3
    made = AwardsYear(types.SimpleNamespace(today=datetime.date(2026, 11, 16))).build()
    assert (
        made["refused"] == "演示支部党员21人，优秀共产党员名额上限3人（15%，向下取整），已推荐3人，名额已满，不能再推荐"
    )
    assert Nomination.objects.count() == 3
    assert AuditEvent.objects.filter(event="award.quota_refused").exists()
    objection = Objection.objects.get()
    assert objection.resolution == "" and objection.nomination.stage == Stage.PUBLICISED
    assert Honour.objects.get().member is not None
