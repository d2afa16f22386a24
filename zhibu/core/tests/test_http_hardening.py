"""Issue 16 item 15: pages with personal data are not cached, and an oversized body is refused before it is read."""

import logging
import re

import pytest
from django.test import Client
from django.test.client import FakePayload
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import api_token, compact, make_member, persona

HUGE = 200 * 1024 * 1024


def assert_not_stored(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


def test_pages_exports_and_api_answers_with_personal_data_are_never_cached(tree, personas, client_as):
    member = make_member(tree.a1)
    web = client_as(personas["支部书记A1"])
    assert_not_stored(web.get(f"/members/{member.pk}/"))
    assert_not_stored(web.get("/members/export/"))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(personas['支部书记A1'])}")
    assert_not_stored(api.get("/api/v1/members/"))


@pytest.mark.parametrize(
    ("url", "content_type", "fragment"),
    [
        ("/members/new/", "multipart/form-data; boundary=x", "提交的内容过大"),
        ("/api/v1/members/", "application/json", "提交的内容过大"),
        ("/accounts/login/", "application/x-www-form-urlencoded", "提交的内容过大"),
    ],
)
def test_a_body_declared_larger_than_the_limit_is_refused_unread(tree, personas, url, content_type, fragment):
    client = Client()
    client.force_login(personas["支部书记A1"])
    body = FakePayload(b"x" * 16)
    response = client.generic(
        "POST", url, b"", content_type=content_type, CONTENT_LENGTH=str(HUGE), **{"wsgi.input": body}
    )
    assert response.status_code == 413
    assert fragment in response.content.decode()
    assert not body.read_started


def test_a_body_within_the_limit_is_read_as_usual(tree, personas, settings):
    client = APIClient()
    client.force_authenticate(personas["支部书记A1"])
    response = client.post("/api/v1/members/", {"name": "x" * 1000}, format="json")
    assert response.status_code == 400  # read and refused on its content, not its size
    settings.REQUEST_MAX_BYTES = 100
    assert client.post("/api/v1/members/", {"name": "x" * 1000}, format="json").status_code == 413


def test_a_content_length_that_is_not_a_number_is_a_bad_request(db):
    response = Client().generic("POST", "/accounts/login/", b"", CONTENT_LENGTH="abc")
    assert response.status_code == 400


def test_an_id_search_travels_by_post_and_no_url_or_log_line_holds_the_digits(tree, personas, client_as, caplog):
    member = make_member(tree.a1)
    other = make_member(tree.a1)
    checker = client_as(persona("reveal_a1", tree.a1, Role.SECRETARY, may_reveal=True))
    form = compact(checker.get("/members/").content)
    assert 'method="post" action="/members/search/"' in form
    caplog.set_level(logging.INFO)
    answer = checker.post("/members/search/", {"q": member.id_number, "category": "full"})
    assert answer.status_code == 302
    url = answer["Location"]
    assert not re.search(r"\d{5,}", url) and "idq=" in url and "category=full" in url
    page = checker.get(url).content.decode()
    assert member.name in page and other.name not in page
    # The pages it links to (next page, export) carry the opaque key too, and the export finds the same member.
    assert re.search(r'href="/members/export/\?[^"]*idq=', page)
    assert AuditEvent.objects.filter(event=Event.MEMBER_SEARCHED_BY_ID).count() == 1
    # htmx live search: the rows come from the opaque URL, which also goes into the address bar.
    live = checker.post("/members/search/", {"q": member.id_number[-4:]}, HTTP_HX_REQUEST="true")
    assert live.status_code == 204 and member.id_number[-4:] not in live["HX-Location"]
    # A name search keeps its ordinary URL.
    assert checker.post("/members/search/", {"q": "党员"})["Location"] == "/members/?q=%E5%85%9A%E5%91%98"
    # A key from another session (or after logout) finds nothing and says why.
    stale = client_as(personas["工委管理员"]).get(url, follow=True).content.decode()
    assert "查询已失效" in stale and member.name not in stale
    # Whatever reaches the app's own log (here a 404 for a URL holding an ID number) is masked.
    client_as(personas["工委管理员"]).get(f"/nowhere/{member.id_number}/")
    client_as(personas["工委管理员"]).get(f"/nowhere/?mobile=13812345678&id={member.id_number}")
    logged = caplog.text + " ".join(str(record.msg) for record in caplog.records)
    assert "Not Found" in logged
    assert member.id_number not in logged and member.id_number[:10] not in logged and "13812345678" not in logged
