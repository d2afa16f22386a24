"""Inputs that once ended in HTTP 500 (security run, issue 16 item 12): each is now a refusal in Chinese — 400 in
the API, a form error on the page, 403/404 for a role that may not write."""

import datetime
import io
import uuid
import zipfile

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind
from zhibu.committees import services as committee_services
from zhibu.committees.models import Position, PositionKind
from zhibu.core.models import Attachment
from zhibu.dues.models import Assessment
from zhibu.members.choices import PartyStatus
from zhibu.testing import SETUP, make_member, member_fields

DAY = datetime.date(2025, 3, 1)


def api(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def web(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def position(tree):
    holder = make_member(tree.a1)
    term = committee_services.create_term(
        actor=SETUP, organization=tree.a1, number=1, elected_on=tree.a1.founded_on, started_on=tree.a1.founded_on
    )
    return committee_services.assign_position(
        actor=SETUP, term=term, kind=PositionKind.objects.get(code="secretary"), holder=holder, started_on=DAY
    )


@pytest.mark.parametrize("body", [{}, {"note": "改备注"}, {"end_reason": "调离"}, {"ended_on": "2026-01-01"}])
@pytest.mark.parametrize("who", ["纪检A", "党员A1", "支部书记B1"])
def test_a_read_only_or_outside_role_patching_a_position_gets_403_or_404(personas, position, who, body):
    response = api(personas[who]).patch(f"/api/v1/positions/{position.pk}/", body, format="json")
    assert response.status_code == (404 if who == "支部书记B1" else 403), response.content
    assert "权限" in response.json()["detail"]
    assert Position.objects.get(pk=position.pk).ended_on is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "ended_on"),
        ({"note": "改备注"}, "ended_on"),
        ({"end_reason": "调离"}, "ended_on"),
        ({"ended_on": "2026-01-01"}, "end_reason"),
        ({"ended_on": "不是日期", "end_reason": "调离"}, "ended_on"),
        ({"ended_on": "2026-01-01", "end_reason": "x" * 500}, "end_reason"),
    ],
)
def test_a_writer_ending_a_position_with_bad_data_gets_400_naming_the_field(personas, position, body, field):
    response = api(personas["支部书记A1"]).patch(f"/api/v1/positions/{position.pk}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Position.objects.get(pk=position.pk).ended_on is None


def test_a_writer_ends_a_position_by_patch(personas, position):
    body = {"ended_on": "2026-01-01", "end_reason": "调离"}
    response = api(personas["支部书记A1"]).patch(f"/api/v1/positions/{position.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert Position.objects.get(pk=position.pk).ended_on == datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        # str.isdigit() accepts superscripts and other scripts' digits that int() refuses.
        ({"id_number": "1101051949123100²X"}, "id_number", "数字"),
        ({"id_number": "11010519491231002٣"}, "id_number", "数字"),
        ({"id_number": "１１０１０５１９４９１２３１００²Ｘ"}, "id_number", "数字"),
        ({"birth_date": "9999-01-01", "joined_on": "9999-12-31"}, "birth_date", "晚于今天"),
        ({"joined_on": "9999-12-31", "category": "full", "full_member_on": "9999-12-31"}, "joined_on", "晚于今天"),
    ],
)
def test_member_data_that_broke_the_checks_is_refused_in_the_api_and_on_the_page(
    tree, personas, changes, field, fragment
):
    member = make_member(tree.a1)
    response = api(personas["支部书记A1"]).patch(f"/api/v1/members/{member.pk}/", changes, format="json")
    assert response.status_code == 400, response.content
    assert fragment in " ".join(response.json()[field])
    fields = member_fields()
    form = {name: value for name, value in fields.items() if value is not None}
    form.update({"organization": tree.a1.pk, "party_status": PartyStatus.NORMAL, **changes})
    form["submission_key"] = uuid.uuid4().hex
    page = web(personas["支部书记A1"]).post("/members/new/", form)
    assert page.status_code == 200
    assert fragment in page.content.decode(), page.context["form"].errors


@pytest.mark.parametrize(
    ("base", "fragment"),
    [
        ("1e30", "超过"),
        ("99999999999", "超过"),
        ("100000000", "超过"),
        ("99999999.99", "超过"),
        ("10000000", "超过"),
    ],
)
def test_a_dues_base_beyond_what_the_column_holds_is_refused(tree, personas, base, fragment):
    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    year = timezone.localdate().year
    body = {"member": member.pk, "year": year, "category": "salaried", "base": base}
    response = api(personas["支部书记A1"]).post("/api/v1/dues-assessments/", body, format="json")
    assert response.status_code == 400, response.content
    assert fragment in response.json()["base"][0]
    page = web(personas["支部书记A1"]).post(f"/dues/members/{member.pk}/", {**body, "member": ""})
    assert page.status_code == 200 and fragment in page.content.decode()
    assert not Assessment.objects.filter(member=member).exists()


@pytest.mark.parametrize(("base", "stored"), [("1e5", "100000.00"), ("-0", "0.00"), ("9999999.99", "9999999.99")])
def test_a_dues_base_in_exponent_form_or_negative_zero_is_stored_to_the_fen(tree, personas, base, stored):
    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    body = {"member": member.pk, "year": timezone.localdate().year, "category": "salaried", "base": base}
    response = api(personas["支部书记A1"]).post("/api/v1/dues-assessments/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["base"] == stored


def _mpo() -> bytes:
    # A multi-picture JPEG (phones write these): starts like any JPEG, Pillow names its format "MPO".
    buffer = io.BytesIO()
    Image.new("RGB", (12, 10), (10, 200, 30)).save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (12, 10))]
    )
    return buffer.getvalue()


def _zip_with_bad_crc() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"x" * 100)
    data = bytearray(buffer.getvalue())
    at = data.find(b"xxxx")
    data[at : at + 4] = b"yyyy"
    return bytes(data)


def _encrypted_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
    data = bytearray(buffer.getvalue())
    # Set the 'encrypted' flag in the local and the central header: reading then asks for a password.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x01
    return bytes(data)


UPLOADS = {
    "empty file": ("签到表.png", b""),
    "no extension": ("签到表", b"%PDF-1.4\n%%EOF"),
    "only dots": ("..", b"%PDF-1.4\n%%EOF"),
    "path in the name": ("../../etc/passwd.png", b"\x89PNG\r\n\x1a\n"),
    "hidden file": (".png", b"\x89PNG\r\n\x1a\n"),
    "huge name": ("名" * 3000 + ".pdf", b"%PDF-1.4\n%%EOF"),
    "multi-picture JPEG": ("照片.jpg", _mpo()),
    "zip with a bad checksum": ("纪要.docx", _zip_with_bad_crc()),
    "encrypted zip": ("纪要.docx", _encrypted_zip()),
    "truncated PNG": ("签到表.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
}


@pytest.mark.parametrize("case", list(UPLOADS))
def test_odd_uploads_are_refused_with_a_message_not_a_server_error(tree, personas, case):
    name, data = UPLOADS[case]
    activity = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="支部党员大会",
        planned_at=timezone.now(),
    )
    member = make_member(tree.a1)
    client = web(personas["支部书记A1"])
    before = Attachment.objects.count()
    # The test client would refuse some of these names itself; put them on the wire as a browser could.
    for url, field in ((f"/activities/{activity.pk}/evidence/", "upload"), (f"/members/{member.pk}/photo/", "file")):
        response = client.post(url, _multipart(field, name, data), content_type=f"multipart/form-data; boundary={B}")
        assert response.status_code < 500, (case, url)
    if case == "multi-picture JPEG":  # a phone photo is a picture like any other: accepted, re-encoded
        assert Attachment.objects.count() > before
        assert Attachment.objects.latest("pk").content_type == "image/jpeg"
    else:
        assert Attachment.objects.count() == before


def test_control_characters_in_an_upload_name_are_not_kept(tree, personas):
    member = make_member(tree.a1)
    client = web(personas["支部书记A1"])
    body = _multipart("file", "照\x01片\x7f\u202egpj.png", _mpo())
    response = client.post(f"/members/{member.pk}/photo/", body, content_type=f"multipart/form-data; boundary={B}")
    assert response.status_code < 500
    assert Attachment.objects.get().original_name == "照片gpj.png"


B = "zhibuboundary"


def _multipart(field: str, name: str, data: bytes) -> bytes:
    head = f'--{B}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
    head += "Content-Type: application/octet-stream\r\n\r\n"
    return head.encode() + data + f"\r\n--{B}--\r\n".encode()


@pytest.mark.parametrize(
    "url", ["/api/v1/verdicts/", "/api/v1/inspection-plans/", "/api/v1/rectification-items/", "/api/v1/rating-sheets/"]
)
@pytest.mark.parametrize(
    "query",
    ["year=99999999999999999999", "year=0", "year=10000", "year=-5", "year=1.5", "organization=99999999999999999999"],
)
def test_number_filters_out_of_range_are_a_bad_request(personas, url, query):
    # Found by the schema fuzz: a year beyond what a date holds overflowed inside the year lookup.
    response = api(personas["工委管理员"]).get(f"{url}?{query}")
    assert response.status_code == 400, (url, query, response.status_code)
    assert any(field in response.json() for field in ("year", "organization"))
