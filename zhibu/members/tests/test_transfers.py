import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhibu.members import transfers
from zhibu.members.choices import RecordStatus
from zhibu.members.models import Member, Transfer
from zhibu.testing import make_member, member_fields

DAY = datetime.date(2025, 5, 6)


def test_internal_transfer_out_then_in_with_receipt(tree, personas, client_as):
    member = make_member(tree.a1)
    sender = client_as(personas["支部书记A1"])
    response = sender.post(
        reverse("members:transfer_start", args=[member.pk]),
        {
            "kind": "internal",
            "to_organization": tree.b1.pk,
            "issued_on": "2025-05-06",
            "letter_number": "吉机转〔2025〕12号",
            "submission_key": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member)
    assert transfer.status == Transfer.Status.PENDING
    member.refresh_from_db()
    assert member.organization == tree.a1  # the old branch keeps the member until the new one accepts
    # The receiving secretary sees the pending transfer but the sender cannot accept it for them.
    receiver = client_as(personas["支部书记B1"])
    assert "待接收" in receiver.get(reverse("members:transfer_list")).content.decode()
    refused = sender.post(reverse("members:transfer_complete", args=[transfer.pk]), {"received_on": "2025-05-08"})
    assert refused.status_code == 200 and "没有执行此操作的权限" in refused.content.decode()
    done = receiver.post(reverse("members:transfer_complete", args=[transfer.pk]), {"received_on": "2025-05-08"})
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.organization == tree.b1
    assert [(a.organization, a.ended_on) for a in member.affiliations.all()] == [
        (tree.a1, datetime.date(2025, 5, 8)),
        (tree.b1, None),
    ]


def test_receipt_before_issue_date_is_refused(tree, personas):
    member = make_member(tree.a1)
    transfer = transfers.start_transfer(
        actor=personas["支部书记A1"], member=member, kind="internal", to_organization=tree.b1, issued_on=DAY
    )
    with pytest.raises(ValidationError) as caught:
        transfers.complete_transfer(actor=personas["支部书记B1"], transfer=transfer, received_on=DAY.replace(day=1))
    assert "不能早于介绍信开具日期" in str(caught.value)


def test_one_pending_transfer_at_a_time(tree, personas):
    member = make_member(tree.a1)
    transfers.start_transfer(
        actor=personas["支部书记A1"], member=member, kind="internal", to_organization=tree.b1, issued_on=DAY
    )
    with pytest.raises(ValidationError) as caught:
        transfers.start_transfer(
            actor=personas["支部书记A1"], member=member, kind="internal", to_organization=tree.a2, issued_on=DAY
        )
    assert "待接收的转接" in str(caught.value)


def test_transfer_to_a_non_branch_is_refused(tree, personas):
    member = make_member(tree.a1)
    with pytest.raises(ValidationError) as caught:
        transfers.start_transfer(
            actor=personas["支部书记A1"], member=member, kind="internal", to_organization=tree.b, issued_on=DAY
        )
    assert "请选择党支部" in str(caught.value)


def test_outbound_transfer_needs_counterpart_and_ends_membership_on_receipt(tree, personas):
    member = make_member(tree.a1)
    actor = personas["支部书记A1"]
    with pytest.raises(ValidationError) as caught:
        transfers.start_transfer(actor=actor, member=member, kind="outbound", issued_on=DAY)
    assert "对方党组织" in str(caught.value)
    transfer = transfers.start_transfer(
        actor=actor,
        member=member,
        kind="outbound",
        issued_on=DAY,
        counterpart="某市某局机关党委",
        letter_number="第001号",
    )
    transfers.complete_transfer(actor=actor, transfer=transfer, received_on=DAY + datetime.timedelta(days=10))
    member.refresh_from_db()
    assert member.record_status == RecordStatus.TRANSFERRED_OUT
    assert member not in Member.objects.current()
    assert member in Member.objects.in_organization_on(tree.a1, DAY)


def test_inbound_from_outside_creates_or_reactivates(tree, personas):
    actor = personas["支部书记A1"]
    fields = member_fields(name="外来党员")
    transfer = transfers.receive_from_outside(
        actor=actor,
        organization=tree.a1,
        received_on=DAY,
        counterpart="外省某厅机关党委",
        letter_number="X-1",
        member_fields=fields,
    )
    member = transfer.member
    assert member.organization == tree.a1 and member.affiliations.get().started_on == DAY
    out = transfers.start_transfer(
        actor=actor, member=member, kind="outbound", issued_on=DAY, counterpart="甲", letter_number="2"
    )
    transfers.complete_transfer(actor=actor, transfer=out, received_on=DAY)
    back = transfers.receive_from_outside(
        actor=actor,
        organization=tree.a1,
        received_on=DAY + datetime.timedelta(days=30),
        counterpart="甲",
        letter_number="3",
        member_fields=fields,
    )
    assert back.member.pk == member.pk
    assert Member.objects.get(pk=member.pk).record_status == RecordStatus.ACTIVE
    with pytest.raises(ValidationError) as caught:
        transfers.receive_from_outside(
            actor=actor,
            organization=tree.a1,
            received_on=DAY,
            counterpart="乙",
            letter_number="4",
            member_fields=fields,
        )
    assert "仍在册" in str(caught.value)


def test_cancel_by_sender(tree, personas, client_as):
    member = make_member(tree.a1)
    transfer = transfers.start_transfer(
        actor=personas["支部书记A1"], member=member, kind="internal", to_organization=tree.b1, issued_on=DAY
    )
    client_as(personas["支部书记A1"]).post(reverse("members:transfer_cancel", args=[transfer.pk]), {"reason": "填错"})
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.CANCELLED


def test_completing_an_inbound_transfer_says_it_was_received_when_registered(tree, personas, client_as):
    transfer = transfers.receive_from_outside(
        actor=personas["支部书记A1"],
        organization=tree.a1,
        received_on=DAY,
        counterpart="外省某厅机关党委",
        letter_number="X-9",
        member_fields=member_fields(name="外来党员乙"),
    )
    page = client_as(personas["支部书记A1"]).post(
        reverse("members:transfer_complete", args=[transfer.pk]), {"received_on": "2025-05-08"}
    )
    assert page.status_code == 200 and "在登记时已经接收" in page.content.decode()
    api = client_as(personas["支部书记A1"]).patch(
        f"/api/v1/transfers/{transfer.pk}/", {"received_on": "2025-05-08"}, content_type="application/json"
    )
    assert api.status_code == 400 and "在登记时已经接收" in api.content.decode()
