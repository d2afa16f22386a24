"""The service part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages, as the 工委管理员."""

import uuid

from django.utils import timezone

from zhibu.members.models import Member
from zhibu.service.models import Community, Wish
from zhibu.service.tests.helpers import photo


def do_service_events(tree, admin, did) -> None:
    today = timezone.localdate().isoformat()
    key = lambda: uuid.uuid4().hex  # noqa: E731 - a fresh one-time key per form
    place = {"organization": tree.a1.pk, "name": "审计社区", "address": "审计路1号", "submission_key": key()}
    did("service.community_saved", action=lambda: admin.post("/service/communities/new/", place))
    community = Community.objects.get(name="审计社区")
    pairing = {"organization": tree.a1.pk, "community": community.pk, "started_on": today, "submission_key": key()}
    did("service.pairing_created", action=lambda: admin.post("/service/pairings/new/", pairing))
    member = Member.objects.filter(organization=tree.a1, restricted_at__isnull=True).earliest("id")
    registration = {"member": member.pk, "community": community.pk, "registered_on": today, "submission_key": key()}
    did("service.registered", action=lambda: admin.post("/service/registrations/new/", registration))
    service = {**registration, "served_on": today, "what": "审计服务", "hours": "2", "submission_key": key()}
    did("service.recorded", action=lambda: admin.post("/service/records/new/", service))
    wish = {
        "organization": tree.a1.pk,
        "community": community.pk,
        "posted_by": "community",
        "resident": "审计居民",
        "title": "审计心愿",
        "posted_on": today,
        "submission_key": key(),
    }
    did("service.wish_posted", action=lambda: admin.post("/service/wishes/new/", wish))
    posted = Wish.objects.get(title="审计心愿")
    did(
        "service.wish_claimed",
        action=lambda: admin.post(f"/service/wishes/{posted.pk}/branch-claim/", {"organization": tree.a1.pk}),
    )
    fulfil = {"fulfilled_on": today, "fulfilment": "已兑现", "evidence": [photo()]}
    did("service.wish_fulfilled", action=lambda: admin.post(f"/service/wishes/{posted.pk}/fulfil/", fulfil))
    confirm = {"confirmed_on": today, "confirmation": "居民满意"}
    did("service.wish_confirmed", action=lambda: admin.post(f"/service/wishes/{posted.pk}/confirm/", confirm))
    project = {
        "organization": tree.a1.pk,
        "title": "审计实事",
        "goals": "审计目标",
        "status": "planned",
        "started_on": today,
        "submission_key": key(),
    }
    did("service.project_saved", action=lambda: admin.post("/service/projects/new/", project))
    did("service.exported", action=lambda: admin.get("/service/wishes/export/"))
