"""The public side: the form behind the QR code and the tracking page, the only pages open without an account."""

import base64
import datetime
import json
import time

import pytest
import time_machine
from altcha import v2
from django.core.cache import cache
from django.db import connection
from django.test import Client

from zhibu.complaints.models import Complaint
from zhibu.complaints.tests.helpers import CLOCK, complaint, form_data, intake_point, png, solved
from zhibu.complaints.throttle import form_stamp
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import compact, run_concurrently

pytestmark = pytest.mark.clock(CLOCK)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the per-address counters live in the process's cache, across tests
    yield
    cache.clear()


@pytest.fixture
def point(tree):
    return intake_point(tree.a1)


def phone(ip: str = "203.0.113.7") -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")


def test_the_form_opens_without_an_account_and_names_only_its_unit(point):
    page = phone().get(point.public_path())
    html = compact(page.content)
    assert page.status_code == 200
    assert "市行政审批局" in html and "3号综合受理窗口" in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html  # laid out for a phone
    assert 'class="trap"' in html and 'name="website"' in html  # the honeypot, out of sight
    assert "支部A1" not in html  # nothing of the organisation tree behind it


def test_an_unknown_or_disabled_link_is_not_found(point):
    from zhibu.complaints import services
    from zhibu.testing import SETUP

    assert phone().get("/complaints/public/no-such-token/").status_code == 404
    services.update_intake_point(
        actor=SETUP, intakepoint=point, unit_name=point.unit_name, kind=point.kind, name=point.name, active=False
    )
    assert phone().get(point.public_path()).status_code == 404


def test_a_submission_is_stored_once_and_answered_with_its_tracking_page(point):
    client = phone()
    answer = client.post(point.public_path(), form_data(client, point, images=[png()]))
    stored = Complaint.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/complaints/track/{stored.tracking_code}/"
    assert stored.organization_id == point.organization_id and stored.status == "received"
    assert stored.contact == "13912345678" and stored.images.count() == 1
    assert len(stored.tracking_code) == 16 and stored.due_on.isoformat() == "2026-11-21"
    # The phone number is encrypted at rest, and the address is nowhere on the complaint nor on its audit rows.
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM complaints_complaint WHERE id = %s", [stored.pk])
        assert "13912345678" not in cursor.fetchone()[0]
    submitted = AuditEvent.objects.get(event=Event.COMPLAINT_SUBMITTED)
    assert submitted.source_ip is None and submitted.organization_path == point.organization.path
    assert not AuditEvent.objects.filter(source_ip="203.0.113.7").exclude(organization_path="").exists()
    # Only the security log (no organisation: security and audit administrators) holds where it came from.
    logged = AuditEvent.objects.get(event=Event.COMPLAINT_INTAKE_LOGGED)
    assert logged.source_ip == "203.0.113.7" and logged.organization_path == ""


def test_twenty_identical_submissions_store_one_complaint(point):
    client = phone()
    data = form_data(client, point)
    answers = [client.post(point.public_path(), data) for _ in range(20)]
    assert Complaint.objects.count() == 1
    assert {answer.status_code for answer in answers} == {302}
    assert len({answer["Location"] for answer in answers}) == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_submissions_store_one_complaint(tree, flushable_audit):
    point = intake_point(tree.a1)
    data = form_data(phone(), point)

    def submit():
        return phone().post(point.public_path(), data)

    answers, errors = run_concurrently(20, submit)
    assert errors == []
    assert Complaint.objects.count() == 1
    assert [answer.status_code for answer in answers] == [302] * 20
    assert {answer["Location"] for answer in answers} == {f"/complaints/track/{Complaint.objects.get().tracking_code}/"}
    assert AuditEvent.objects.filter(event=Event.COMPLAINT_SUBMITTED).count() == 1


def test_the_honeypot_refuses_without_storing(point):
    client = phone()
    answer = client.post(point.public_path(), form_data(client, point, website="http://spam.example"))
    assert answer.status_code == 400 and "提交未被接受" in answer.content.decode()
    assert Complaint.objects.count() == 0
    refused = AuditEvent.objects.get(event=Event.COMPLAINT_REFUSED)
    assert refused.changes["extra"]["reason"] == "honeypot" and refused.source_ip == "203.0.113.7"


def test_the_rate_limit_answers_429_without_losing_earlier_submissions(point, settings):
    settings.COMPLAINT_RATE_LIMIT = 3
    client = phone()
    stored = []
    for _ in range(3):
        data = form_data(client, point)
        assert client.post(point.public_path(), data).status_code == 302
        stored.append(data)
    over = client.post(point.public_path(), form_data(client, point))
    assert over.status_code == 429 and "提交过于频繁" in over.content.decode()
    assert Complaint.objects.count() == 3
    # A retry of a submission already kept is still answered with its receipt, not refused.
    assert client.post(point.public_path(), stored[0]).status_code == 302
    # Another address is not held back by this one.
    other = phone("198.51.100.9")
    assert other.post(point.public_path(), form_data(other, point)).status_code == 302
    assert Complaint.objects.count() == 4
    refused = AuditEvent.objects.get(event=Event.COMPLAINT_REFUSED)
    assert refused.changes["extra"]["reason"] == "rate_limit" and refused.organization_path == ""


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(point):
    client = phone()
    fake = png()
    fake.seek(0)
    fake.name = "photo.jpg"
    bad = type(fake)(b"<script>alert(1)</script>")
    bad.name = "photo.jpg"
    answer = client.post(point.public_path(), form_data(client, point, images=[bad]))
    assert answer.status_code == 200 and "文件内容与扩展名不符" in answer.content.decode()
    assert Complaint.objects.count() == 0


def test_bad_input_is_answered_in_chinese_without_storing(point):
    client = phone()
    answer = client.post(
        point.public_path(), form_data(client, point, what="太慢", happened_on="2026-12-01", contact="12345")
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert (
        "请写明发生了什么（至少10个字）" in html
        and "发生日期不能晚于今天" in html
        and "联系电话应为11位手机号码" in html
    )
    assert Complaint.objects.count() == 0


def test_an_anonymous_complaint_needs_no_contact(point):
    client = phone()
    assert client.post(point.public_path(), form_data(client, point, contact="")).status_code == 302
    assert Complaint.objects.get().is_anonymous


def test_the_tracking_page_shows_its_own_complaint_only(point, tree):
    mine = complaint(point, what="我的投诉：窗口人员中午提前离岗，等了一个小时无人办理。", contact="13912345678")
    other = complaint(intake_point(tree.b1, unit_name="市医保局"), what="别人的投诉：医保报销材料被要求反复提交。")
    page = phone().get(f"/complaints/track/{mine.tracking_code}/")
    html = compact(page.content)
    assert page.status_code == 200
    assert mine.tracking_code in html and "待受理" in html and "2026年11月21日" in html
    assert "别人的投诉" not in html and other.tracking_code not in html and "市医保局" not in html
    assert "13912345678" not in html  # not even the citizen's own number is echoed on a page reachable by link
    assert phone().get("/complaints/track/AAAAAAAAAAAAAAAA/").status_code == 404
    # A code is case-insensitive when typed by hand, but one character off is another (absent) complaint.
    assert phone().get(f"/complaints/track/{mine.tracking_code.lower()}/").status_code == 200
    wrong = ("3" if mine.tracking_code[0] != "3" else "4") + mine.tracking_code[1:]
    assert phone().get(f"/complaints/track/{wrong}/").status_code == 404


def test_rating_before_closing_is_refused(point):
    made = complaint(point)
    answer = phone().post(f"/complaints/track/{made.tracking_code}/", {"rating": "satisfied"})
    assert answer.status_code == 400
    made.refresh_from_db()
    assert made.rating == ""


def test_the_form_works_with_csrf_checks_as_a_real_browser_posts_it(point):
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.8")
    data = form_data(browser, point)  # the GET sets the CSRF cookie for a visitor without a session
    token = browser.cookies["csrftoken"].value
    assert browser.post(point.public_path(), data).status_code == 403  # no token in the form: refused
    assert Complaint.objects.count() == 0
    data["csrfmiddlewaretoken"] = token
    assert browser.post(point.public_path(), data).status_code == 302
    assert Complaint.objects.count() == 1


def test_a_written_down_code_is_looked_up(point):
    made = complaint(point)
    visitor = phone()
    assert visitor.get("/complaints/track/").status_code == 200
    spaced = f" {made.tracking_code[:8].lower()} {made.tracking_code[8:]} "
    answer = visitor.get("/complaints/track/", {"code": spaced})
    assert answer.status_code == 302 and answer["Location"] == f"/complaints/track/{made.tracking_code}/"
    missing = visitor.get("/complaints/track/", {"code": "AAAAAAAAAAAAAAAA"})
    assert missing.status_code == 404 and "没有找到该查询码" in missing.content.decode()


def test_a_post_sooner_than_a_person_could_type_is_refused_and_kept_for_resending(point):
    client = phone()
    rendered = client.get(point.public_path()).context["form"]["started"].value()
    data = {**form_data(client, point), "started": rendered}  # posted the moment the page arrived
    answer = client.post(point.public_path(), data)
    assert answer.status_code == 400 and "提交太快" in answer.content.decode()
    assert Complaint.objects.count() == 0
    assert "办理营业执照变更跑了三次" in answer.content.decode()  # what was typed comes back
    refused = AuditEvent.objects.get(event=Event.COMPLAINT_REFUSED)
    assert refused.changes["extra"]["reason"] == "too_fast" and refused.organization_path == ""
    # The page came back with a fresh stamp: sent again a few seconds later, it is stored.
    fresh = answer.context["form"]["started"].value()
    with time_machine.travel(datetime.timedelta(seconds=5)):
        assert client.post(point.public_path(), {**data, "started": fresh}).status_code == 302
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize("stamp", ["", "1700000000", "1700000000:forged", None])
def test_a_missing_forged_or_day_old_stamp_is_refused(point, stamp):
    client = phone()
    data = form_data(client, point)
    data["started"] = form_stamp(time.time() - 2 * 24 * 3600) if stamp is None else stamp
    answer = client.post(point.public_path(), data)
    assert answer.status_code == 400 and "页面已过期或不完整" in answer.content.decode()
    assert Complaint.objects.count() == 0


def tampered(payload: str) -> str:
    """The widget's answer with another counter: the challenge's signature still holds, the solution does not."""
    body = json.loads(base64.b64decode(payload))
    body["solution"]["counter"] += 1
    return base64.b64encode(json.dumps(body).encode()).decode()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda data: "", "pow_missing"),
        (lambda data: "not base64 at all!", "pow_invalid"),
        (lambda data: "A" * 5000, "pow_invalid"),
        (lambda data: tampered(data["altcha"]), "pow_invalid"),
        (lambda data: solved(json.dumps(v2.create_challenge("SHA-256", 1, counter=3).to_dict())), "pow_invalid"),
    ],
    ids=["missing", "garbage", "huge", "wrong-solution", "unsigned"],
)
def test_an_unsolved_challenge_is_refused_without_storing_or_losing_the_text(point, answer, reason):
    client = phone()
    data = form_data(client, point)
    data["altcha"] = answer(data)
    refused = client.post(point.public_path(), data)
    assert refused.status_code == 400 and "安全验证未完成或已失效" in compact(refused.content)
    assert Complaint.objects.count() == 0
    assert "办理营业执照变更跑了三次" in refused.content.decode()  # what was typed comes back, with a new challenge
    assert refused.context["challenge"] != client.get(point.public_path()).context["challenge"]
    event = AuditEvent.objects.get(event=Event.COMPLAINT_REFUSED)
    assert event.changes["extra"]["reason"] == reason and event.organization_path == ""
    # Solving the new challenge sends it.
    again = {**data, "altcha": solved(refused.context["challenge"])}
    assert client.post(point.public_path(), again).status_code == 302
    assert Complaint.objects.count() == 1


def test_a_solution_serves_one_submission_only_and_expires(point):
    client = phone()
    first = form_data(client, point)
    assert client.post(point.public_path(), first).status_code == 302
    # The same solution with a fresh key (a script solving once and posting many times) is refused…
    reused = {**form_data(client, point), "altcha": first["altcha"]}
    answer = client.post(point.public_path(), reused)
    assert answer.status_code == 400 and Complaint.objects.count() == 1
    assert AuditEvent.objects.get(event=Event.COMPLAINT_REFUSED).changes["extra"]["reason"] == "pow_reused"
    # …while a retry of the same form is answered with its receipt.
    assert client.post(point.public_path(), first).status_code == 302 and Complaint.objects.count() == 1
    # A challenge left unsolved past its minutes is refused as expired.
    late = form_data(client, point)
    with time_machine.travel(datetime.timedelta(minutes=61)):
        answer = client.post(point.public_path(), {**late, "started": form_stamp(time.time() - 30)})
    assert answer.status_code == 400 and Complaint.objects.count() == 1
    assert AuditEvent.objects.filter(event=Event.COMPLAINT_REFUSED).latest("id").changes["extra"]["reason"] == (
        "pow_expired"
    )


def test_the_form_loads_the_vendored_widget_from_zhibu_itself(point):
    page = phone().get(point.public_path())
    html = page.content.decode()
    assert "vendor/altcha/altcha.min.js" in html and "vendor/altcha/workers/sha.js" in html
    assert "<altcha-widget" in html and 'name="altcha"' in html
    assert "http://" not in html.split("<main>")[0] and "https://" not in html.split("<main>")[0]
