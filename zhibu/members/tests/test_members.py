import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from zhibu.accounts.roles import Role
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.members import services
from zhibu.members.choices import Category, EventKind, PartyStatus, RecordStatus
from zhibu.members.models import Member
from zhibu.testing import make_member, member_fields, persona, valid_id_number


def form_data(organization, **overrides):
    data = member_fields(**overrides)
    data["organization"] = organization.pk
    data["party_status"] = PartyStatus.NORMAL
    data["submission_key"] = uuid.uuid4().hex
    return {key: ("" if value is None else value) for key, value in data.items() if value is not False}


def test_secretary_registers_a_member_through_the_page(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    response = client.post(reverse("members:create"), form_data(tree.a1, name="李明"))
    member = Member.objects.get(name="李明")
    assert response.status_code == 302 and response.url == member.get_absolute_url()
    assert member.organization == tree.a1 and member.name_initials == "lm"
    assert member.affiliations.get().started_on == member.joined_on
    row = AuditEvent.objects.get(event=Event.MEMBER_CREATED, object_id=str(member.pk))
    assert row.actor == personas["支部书记A1"] and row.organization_path == tree.a1.path
    assert (
        row.changes["after"]["id_number"].startswith(member.id_number[:4]) and "*" in row.changes["after"]["id_number"]
    )


def test_bad_form_shows_every_error_in_chinese_and_writes_nothing(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    before = Member.objects.count()
    data = form_data(tree.a1, id_number="220102198506150011", mobile="12345")
    response = client.post(reverse("members:create"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "校验位错误" in text and "手机号码应为11位" in text
    assert Member.objects.count() == before


def test_secretary_cannot_register_into_another_branch(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    response = client.post(reverse("members:create"), form_data(tree.b1))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Member.objects.filter(organization=tree.b1).exists()


def test_members_are_registered_only_in_branches(tree, personas):
    with pytest.raises(ValidationError) as caught:
        make_member(tree.a)
    assert "党员须编入党支部" in str(caught.value)


def test_duplicate_id_number_is_refused_with_the_reason(tree, personas):
    first = make_member(tree.a1)
    with pytest.raises(ValidationError) as caught:
        make_member(tree.a2, id_number=first.id_number.lower().replace("x", "x"), birth_date=first.birth_date)
    assert "已登记在" in str(caught.value)


def test_id_number_and_phone_are_encrypted_at_rest(tree):
    member = make_member(tree.a1, mobile="13987654321", address="长春市南关区人民大街100号")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile, address FROM members_member WHERE id = %s", [member.pk])
        stored = cursor.fetchone()
    assert member.id_number not in "".join(stored) and "13987654321" not in stored[1]
    assert all(value.startswith("sm4gcm:1:") for value in stored)
    assert Member.objects.get(pk=member.pk).mobile == "13987654321"


def test_update_with_a_stale_version_is_a_conflict(tree, personas):
    member = make_member(tree.a1)
    services.update_member(actor=personas["支部书记A1"], member=member, expected_version=1, employer="甲单位")
    with pytest.raises(ValidationError) as caught:
        services.update_member(actor=personas["党务干部A1"], member=member, expected_version=1, employer="乙单位")
    assert "已被他人修改" in str(caught.value)
    assert Member.objects.get(pk=member.pk).employer == "甲单位"


def test_category_changes_only_through_dated_events(tree, personas):
    actor = personas["支部书记A1"]
    member = make_member(tree.a1, category=Category.PROBATIONARY, joined_on=datetime.date(2024, 6, 1))
    with pytest.raises(ValidationError):
        services.update_member(actor=actor, member=member, category=Category.FULL)
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=actor, member=member, kind=EventKind.BECOME_FULL, happened_on=datetime.date(2025, 6, 2)
        )
    assert "2025-06-01" in str(caught.value)
    services.record_event(actor=actor, member=member, kind=EventKind.BECOME_FULL, happened_on=datetime.date(2025, 6, 1))
    member.refresh_from_db()
    assert member.category == Category.FULL and member.full_member_on == datetime.date(2025, 6, 1)
    assert member.events.get().kind == EventKind.BECOME_FULL


def test_extension_then_full_membership(tree, personas):
    actor = personas["支部书记A1"]
    member = make_member(tree.a1, category=Category.PROBATIONARY, joined_on=datetime.date(2024, 1, 10))
    services.record_event(
        actor=actor,
        member=member,
        kind=EventKind.EXTEND_PROBATION,
        happened_on=datetime.date(2025, 1, 10),
        extension_months=6,
    )
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=actor,
            member=member,
            kind=EventKind.EXTEND_PROBATION,
            happened_on=datetime.date(2025, 2, 1),
            extension_months=6,
        )
    assert "只能延长一次" in str(caught.value)
    services.record_event(
        actor=actor, member=member, kind=EventKind.BECOME_FULL, happened_on=datetime.date(2025, 7, 10)
    )
    member.refresh_from_db()
    assert member.full_member_on == datetime.date(2025, 7, 10)


def test_suspend_restore_and_death(tree, personas):
    actor = personas["支部书记A1"]
    member = make_member(tree.a1)
    services.record_event(actor=actor, member=member, kind=EventKind.SUSPEND, happened_on=datetime.date(2024, 3, 1))
    member.refresh_from_db()
    assert member.party_status == PartyStatus.SUSPENDED and not member.has_voting_rights
    services.record_event(actor=actor, member=member, kind=EventKind.RESTORE, happened_on=datetime.date(2025, 3, 1))
    services.record_event(actor=actor, member=member, kind=EventKind.DEATH, happened_on=datetime.date(2026, 3, 1))
    member.refresh_from_db()
    assert member.record_status == RecordStatus.DECEASED
    assert member.affiliations.get().ended_on == datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError):
        services.record_event(actor=actor, member=member, kind=EventKind.SUSPEND, happened_on=datetime.date(2026, 4, 1))


def test_future_event_date_is_refused(tree, personas):
    member = make_member(tree.a1)
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            actor=personas["支部书记A1"],
            member=member,
            kind=EventKind.SUSPEND,
            happened_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "变动日期不能晚于今天" in str(caught.value)


@pytest.mark.parametrize(("query", "expected"), [("王小", {"王小明"}), ("wxm", {"王小明"}), ("zs", {"张三"})])
def test_search_by_name_and_pinyin_initials(tree, personas, client_as, query, expected):
    make_member(tree.a1, name="王小明")
    make_member(tree.a1, name="张三")
    response = client_as(personas["支部书记A1"]).get(reverse("members:list"), {"q": query})
    names = {member.name for member, _ in response.context["rows"]}
    assert names == expected


def test_search_by_last_digits_and_full_id(tree, personas, client_as):
    target = make_member(tree.a1, name="赵六")
    make_member(tree.a1, name="钱七")
    client = client_as(persona("reveal_a1", tree.a1, Role.SECRETARY, may_reveal=True))
    for query in (target.id_number[-4:], target.id_number):
        names = {member.name for member, _ in client.get(reverse("members:list"), {"q": query}).context["rows"]}
        assert names == {"赵六"}


def test_list_and_export_are_masked_and_scoped(tree, personas, client_as):
    mine = make_member(tree.a1, name="本支部党员")
    make_member(tree.b1, name="外支部党员")
    client = client_as(personas["支部书记A1"])
    page = client.get(reverse("members:list")).content.decode()
    assert "本支部党员" in page and "外支部党员" not in page and mine.id_number not in page
    response = client.get(reverse("members:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    flat = " ".join(str(cell) for row in values for cell in row)
    assert values[0][0] == "姓名" and "本支部党员" in flat and "外支部党员" not in flat
    assert mine.id_number not in flat and mine.id_number[:4] + "*" * 13 + mine.id_number[-1] in flat
    assert AuditEvent.objects.filter(event=Event.MEMBER_EXPORTED, actor=personas["支部书记A1"]).count() == 1


def test_member_sees_only_their_own_record(tree, personas, client_as):
    other = make_member(tree.a1, name="同支部他人")
    client = client_as(personas["党员A1"])
    own = personas["党员A1"].member
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert "同支部他人" not in client.get(reverse("members:list")).content.decode()


def test_member_on_a_past_date_follows_transfers(tree, personas):
    from zhibu.members import transfers

    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    transfer = transfers.start_transfer(
        actor=personas["支部书记A1"],
        member=member,
        kind="internal",
        to_organization=tree.b1,
        issued_on=datetime.date(2024, 3, 10),
    )
    transfers.complete_transfer(actor=personas["支部书记B1"], transfer=transfer, received_on=datetime.date(2024, 3, 15))
    on_a1 = Member.objects.in_organization_on(tree.a1, datetime.date(2024, 3, 14))
    on_b1 = Member.objects.in_organization_on(tree.b1, datetime.date(2024, 3, 15))
    assert member in on_a1 and member not in Member.objects.in_organization_on(tree.a1, datetime.date(2024, 3, 15))
    assert member in on_b1 and member not in Member.objects.in_organization_on(tree.b1, datetime.date(2024, 3, 14))
    assert member in Member.objects.in_organization_on(tree.a, datetime.date(2024, 3, 1), subtree=True)


def test_valid_id_helper_is_accepted_by_the_validator():
    from zhibu.members.validation import parse_id_number

    parse_id_number(valid_id_number())


def test_editing_a_member_keeps_and_can_change_the_party_group(tree, personas, client_as):
    from zhibu.members import services as member_services

    member = make_member(tree.a1, party_group=tree.a1_group)
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/members/{member.pk}/edit/")
    assert "所在党小组" in page.content.decode()
    data = {k: v for k, v in page.context["form"].initial.items() if v not in (None, False)}
    data["employer"] = "新单位"
    data["version"] = member.version
    response = client.post(
        f"/members/{member.pk}/edit/", {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.party_group == tree.a1_group and member.employer == "新单位"
    with pytest.raises(ValidationError, match="党小组须是本人所在党支部下设的党小组"):
        member_services.update_member(actor=personas["支部书记A1"], member=member, party_group=tree.a2)
