import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.models import ActivityKind
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.models import Notification
from zhibu.testing import SETUP


def test_members_hear_of_a_planned_meeting_and_the_bell_counts_it(tree, personas, client_as):
    services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="专题党课",
        planned_at=timezone.now() + datetime.timedelta(days=2),
    )
    member_user = personas["党员A1"]
    note = Notification.objects.get(user=member_user)
    assert "专题党课" in note.text and note.url.startswith("/activities/")
    client = client_as(member_user)
    assert '<span class="count">1</span>' in client.get("/").content.decode()
    assert "专题党课" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert '<span class="count">' not in client.get("/").content.decode()
    assert not Notification.objects.visible_to(personas["支部书记A1"]).filter(pk=note.pk).exists()


def test_resolution_owner_is_told_and_reminded_when_late(tree, personas):
    owner = personas["党员A1"].member
    held = services.record_held(
        actor=SETUP,
        activity=services.plan_activity(
            actor=SETUP,
            organization=tree.a1,
            kind=ActivityKind.objects.get(code="general_meeting"),
            title="会",
            planned_at=timezone.now() - datetime.timedelta(days=10),
        ),
        held_at=timezone.now() - datetime.timedelta(days=10),
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.add_resolution(actor=SETUP, activity=held, text="报送材料", owner_member=owner, deadline=yesterday)
    assert Notification.objects.filter(user=personas["党员A1"], text__startswith="请落实决议").count() == 1
    call_command("send_reminders", stdout=io.StringIO())
    assert Notification.objects.filter(user=personas["党员A1"], text__startswith="决议已逾期").count() == 1
    assert Notification.objects.filter(user=personas["支部书记A1"], text__startswith="决议已逾期").count() == 1
    assert AuditEvent.objects.filter(event=Event.REMINDERS_SENT, actor_name="command:send_reminders").count() == 1
