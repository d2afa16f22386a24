import datetime
import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.members import privacy
from zhibu.members.models import Member
from zhibu.members.validation import id_check_char
from zhibu.testing import SETUP, api_token, make_member, persona, valid_id_number

# Bounded by non-alphanumerics, so that digits inside hashes and base64 are not taken for numbers.
ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-8][0-9]{5}(19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9X](?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")


def revealer(tree):
    return persona("reveal_a1", tree.a1, Role.SECRETARY, may_reveal=True)


def test_reveal_needs_the_right_and_a_reason_and_is_audited(tree, personas):
    member = make_member(tree.a1)
    with pytest.raises(PermissionDenied):
        privacy.reveal(actor=personas["支部书记A1"], member=member, reason="核对转接信息")
    checker = revealer(tree)
    with pytest.raises(ValidationError):
        privacy.reveal(actor=checker, member=member, reason="看")
    client = Client()
    client.force_login(checker)
    page = client.get(member.get_absolute_url()).content.decode()
    assert member.id_number not in page and "查看完整信息" in page
    shown = client.post(f"/members/{member.pk}/reveal/", {"reason": "核对组织关系转接信息"}).content.decode()
    assert member.id_number in shown and "已记入审计日志" in shown
    row = AuditEvent.objects.get(event=Event.MEMBER_REVEALED)
    assert row.actor == checker and row.changes["extra"]["reason"] == "核对组织关系转接信息"


def test_restricted_records_leave_every_normal_view_and_only_the_archivist_sees_them(tree, personas):
    member = make_member(tree.a1, name="要求删除者")
    privacy.restrict(
        actor=personas["支部书记A1"],
        member=member,
        reason="本人2026年11月1日申请",
        retain_until=datetime.date.today() + datetime.timedelta(days=30),
    )
    secretary = Client()
    secretary.force_login(personas["支部书记A1"])
    assert secretary.get(member.get_absolute_url()).status_code == 404
    assert "要求删除者" not in secretary.get("/members/").content.decode()
    api = APIClient()
    api.force_authenticate(personas["工委管理员"])
    assert api.get(f"/api/v1/members/{member.pk}/").status_code == 404
    archivist = persona("dangan", tree.a, Role.ARCHIVIST)
    archive = Client()
    archive.force_login(archivist)
    page = archive.get(member.get_absolute_url())
    assert page.status_code == 200 and "限制处理" in page.content.decode()
    assert archive.get(f"/members/{member.pk}/edit/").status_code == 403
    assert archive.get("/members/").context["page"].paginator.count == 1
    assert AuditEvent.objects.filter(event=Event.MEMBER_RESTRICTED, object_id=str(member.pk)).count() == 1


def test_purge_clears_personal_data_when_retention_ends(tree, personas):
    member = make_member(tree.a1, name="到期者", address="长春市某路1号")
    privacy.restrict(
        actor=personas["支部书记A1"],
        member=member,
        reason="本人申请",
        retain_until=datetime.date.today() + datetime.timedelta(days=1),
    )
    assert privacy.purge_due(actor=SETUP) == 0
    assert privacy.purge_due(actor=SETUP, today=datetime.date.today() + datetime.timedelta(days=2)) == 1
    purged = Member.objects.get(pk=member.pk)
    assert purged.name == privacy.PURGED_NAME and purged.id_number == "" and purged.address == ""
    assert purged.purged_at is not None
    assert AuditEvent.objects.filter(event=Event.MEMBER_PURGED, object_id=str(member.pk)).count() == 1
    call_command("purge_restricted", stdout=io.StringIO())


@pytest.mark.slow  # a walk of every page as every persona: CI runs it (--all)
def test_no_role_without_the_right_sees_an_unmasked_id_anywhere(tree, personas):
    members = [make_member(getattr(tree, key)) for key in ("a1", "a2", "a3a", "b1")]
    secrets = {m.id_number for m in members} | {personas["党员A1"].member.id_number}
    routes = [
        "/",
        "/members/",
        "/members/export/",
        "/api/v1/members/",
        "/organizations/",
        "/audit/",
        "/audit/export/",
        "/members/transfers/",
    ]
    routes += [m.get_absolute_url() for m in members] + [f"/api/v1/members/{m.pk}/" for m in members]
    routes += [f"/organizations/{o.pk}/" for o in tree.all()]
    checked, leaks = 0, []
    for role_name, user in personas.items():
        client = Client()
        client.force_login(user)
        for url in routes:
            response = client.get(url)
            if response.status_code != 200:
                continue
            if response["Content-Type"].startswith("application/vnd.openxmlformats"):
                sheet = load_workbook(io.BytesIO(response.content)).active
                body = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
            else:
                body = response.content.decode()
            checked += 1
            leaks += [(role_name, url, s[-4:]) for s in secrets if s in body]
    print(f"masking sweep: {checked} responses, {len(leaks)} unmasked ID numbers")
    assert checked > 100 and leaks == []


def sqlite_file_after_demo(tmp_path) -> str:
    """Build the demo into a real SQLite file (WAL included) the way an installation would, and read its bytes."""
    env = {
        **os.environ,
        "ZHIBU_DEBUG": "true",
        "ZHIBU_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "zhibu.settings",
    }
    env.pop("ZHIBU_DATABASE_URL", None)
    env.pop("ZHIBU_FIELD_KEYS", None)
    root = settings.BASE_DIR
    for command in (["migrate", "-v0"], ["demo", "--seed", "3"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=root, env=env, check=True, capture_output=True)
    files = [tmp_path / "zhibu.sqlite3", tmp_path / "zhibu.sqlite3-wal"]
    return "".join(path.read_bytes().decode("utf-8", "ignore") for path in files if path.exists())


def pg_dump_after_demo() -> str:
    call_command("demo", seed=3, stdout=io.StringIO())
    assert Member.objects.count() > 300
    db = settings.DATABASES["default"]
    result = subprocess.run(
        [
            "pg_dump",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"] or "postgres",
            "--data-only",
            connection.settings_dict["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.slow
@pytest.mark.any_clock
@pytest.mark.django_db(transaction=True)
def test_raw_database_holds_no_plaintext_id_or_phone_after_the_demo(flushable_audit, tmp_path):
    if connection.vendor == "sqlite":
        text = sqlite_file_after_demo(tmp_path)
    elif shutil.which("pg_dump"):
        text = pg_dump_after_demo()
    else:
        pytest.skip("pg_dump not installed")
    control = f"x {valid_id_number()} 13812345678 y"  # the scan finds plaintext when there is some
    assert ID_RE.search(control) and MOBILE_RE.search(control)
    found = [m.group(0) for m in ID_RE.finditer(text) if id_check_char(m.group(0)[:17]) == m.group(0)[17]]
    phones = MOBILE_RE.findall(text)
    print(
        f"database scan ({connection.vendor}): {len(text)} characters, {len(found)} ID numbers, {len(phones)} mobiles"
    )
    assert len(text) > 100_000 and found == [] and phones == []


def test_the_edit_form_shows_personal_data_masked_and_keeps_it_unless_a_new_value_is_typed(tree, personas, client_as):
    member = make_member(tree.a1, mobile="13912345678", address="长春市南关区人民大街1号")
    stored_id = member.id_number
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/members/{member.pk}/edit/")
    html = page.content.decode()
    assert stored_id not in html and "13912345678" not in html and "人民大街1号" not in html
    assert stored_id[:4] in html and "139****5678" in html
    assert not ID_RE.search(html) and not MOBILE_RE.search(html)
    data = {k: v for k, v in page.context["form"].initial.items() if v not in (None, False)}
    data.update(employer="新单位", version=member.version)
    post = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    assert client.post(f"/members/{member.pk}/edit/", post).status_code == 302
    member.refresh_from_db()
    assert (member.id_number, member.mobile, member.employer) == (stored_id, "13912345678", "新单位")
    post.update(mobile="13800001111", version=member.version)
    assert client.post(f"/members/{member.pk}/edit/", post).status_code == 302
    member.refresh_from_db()
    assert member.mobile == "13800001111" and member.id_number == stored_id


def test_searching_by_id_digits_needs_the_reveal_right_and_is_audited(tree, personas, client_as):
    member = make_member(tree.a1)
    secretary = client_as(personas["支部书记A1"])
    for query in (member.id_number, member.id_number[-4:]):
        page = secretary.get("/members/", {"q": query})
        assert member.name not in page.content.decode()
        assert "按身份证号查找需要" in page.content.decode()
        api = client_as(personas["支部书记A1"])
        refused = api.post("/api/v1/members/search/", {"q": query}, content_type="application/json")
        assert refused.status_code == 400 and "按身份证号查找需要" in refused.content.decode()
    assert not AuditEvent.objects.filter(event=Event.MEMBER_SEARCHED_BY_ID).exists()
    checker = client_as(revealer(tree))
    found = checker.get("/members/", {"q": member.id_number})
    assert member.name in found.content.decode()
    row = AuditEvent.objects.get(event=Event.MEMBER_SEARCHED_BY_ID)
    assert row.changes["extra"]["found"] == 1 and member.id_number not in str(row.changes)


def test_what_a_role_without_the_reveal_right_reads_leaves_hundreds_of_candidate_id_numbers(tree, personas, client_as):
    """Birth date and sex are on the record; the masked number must not pin the rest down."""
    member = make_member(tree.a1)
    html = client_as(personas["支部书记A1"]).get(f"/members/{member.pk}/").content.decode()
    masked = re.search(r"\d{4}\*+[0-9X]", html).group(0)
    known_prefix, check = masked[:4], masked[-1]
    birth = member.birth_date.strftime("%Y%m%d")
    parity = int(member.id_number[16]) % 2
    candidates = 0
    for district in range(100):
        for sequence in range(1000):
            if sequence % 2 != parity:
                continue
            body = f"{known_prefix}{district:02d}{birth}{sequence:03d}"
            candidates += id_check_char(body) == check
    assert candidates >= 500


def test_the_api_takes_id_digits_only_in_a_body_never_in_a_url(tree, personas):
    """A GET's query string reaches the proxy's access log: ID digits there are refused, and the search takes them by
    POST, with the same reveal right and audit as the list page (a read-only token may search)."""
    member = make_member(tree.a1)
    checker = revealer(tree)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(checker, scope='read')}")
    for query in (member.id_number, member.id_number[-4:]):
        refused = api.get("/api/v1/members/", {"q": query})
        assert refused.status_code == 400 and "不能放在网址中" in refused.json()["q"][0]
    assert api.get("/api/v1/members/", {"q": member.name}).json()["count"] == 1
    found = api.post("/api/v1/members/search/", {"q": member.id_number}, format="json")
    assert found.status_code == 200
    assert [row["name"] for row in found.json()["results"]] == [member.name]
    assert AuditEvent.objects.filter(event=Event.MEMBER_SEARCHED_BY_ID).count() == 1
    assert api.post("/api/v1/members/", {"name": "只读"}, format="json").status_code == 403  # still read-only
