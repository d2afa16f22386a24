"""Builders for the complaints tests: a kind with a known deadline, an intake point, a complaint stored through the
service, and the public form posted as a phone would post it."""

import base64
import datetime
import io
import json
import time
import uuid

from altcha import v2
from django.utils import timezone
from PIL import Image

from zhibu.complaints import services
from zhibu.complaints.models import ComplaintKind
from zhibu.complaints.throttle import form_stamp
from zhibu.testing import SETUP

CLOCK = "2026-11-16T10:00"  # a Monday; complaints received today fall due on the 21st (5 days)


def kind(name: str = "办事拖延", days: int = 5) -> ComplaintKind:
    # Made here rather than relied on from the data migration: a transactional test's flush empties the table.
    found, _ = ComplaintKind.objects.get_or_create(name=name, defaults={"deadline_days": days})
    return found


def intake_point(organization, unit_name: str = "市行政审批局", **fields):
    return services.create_intake_point(
        actor=SETUP,
        organization=organization,
        unit_name=unit_name,
        kind=fields.pop("kind", "window"),
        name=fields.pop("name", "3号综合受理窗口"),
    )


def complaint(point, what: str = "办理营业执照变更跑了三次仍未办成，窗口要求补交的材料每次都不一样。", **fields):
    made, _ = services.submit_complaint(
        point=point,
        submission_key=fields.pop("submission_key", uuid.uuid4().hex),
        kind=fields.pop("kind", None) or kind(),
        what=what,
        place=fields.pop("place", "政务服务大厅3号窗口"),
        happened_on=fields.pop("happened_on", timezone.localdate() - datetime.timedelta(days=1)),
        contact=fields.pop("contact", ""),
    )
    return made


def png(name: str = "photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def solved(challenge_json: str) -> str:
    """The widget's answer to a challenge the form rendered: found here as the browser finds it (a few hashes in
    tests, ``COMPLAINT_POW_MAX_NUMBER`` in ``settings_test``)."""
    made = v2.Challenge.from_dict(json.loads(challenge_json))
    solution = v2.solve_challenge(made)
    assert solution is not None
    payload = {"challenge": made.to_dict(), "solution": solution.to_dict()}
    return base64.b64encode(json.dumps(payload).encode()).decode()


def form_data(client, point, **overrides) -> dict:
    """The public form as rendered (its one-time key included), filled in."""
    page = client.get(point.public_path())
    assert page.status_code == 200
    data = {
        "submission_key": page.context["form"]["submission_key"].value(),
        "kind": kind().pk,
        "what": "办理营业执照变更跑了三次仍未办成，窗口要求补交的材料每次都不一样。",
        "place": "政务服务大厅3号窗口",
        "happened_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "contact": "13912345678",
        "website": "",
        # Rendered half a minute ago, as a person takes time to type; posting at once is the too-fast refusal.
        "started": form_stamp(time.time() - 30),
        # What the widget posts once it has solved the page's challenge.
        "altcha": solved(page.context["challenge"]),
    }
    data.update(overrides)
    return data


def cover_years_around(today) -> None:
    """A refusal's report-by date counts working days, into the next year at the year's end: tests run at any clock,
    including past the holiday library's last year, so the years they need are confirmed (as a 工委 would)."""
    from zhibu.workdays.calendar import year_source
    from zhibu.workdays.models import ConfirmedYear

    for year in (today.year, today.year + 1):
        if year_source(year) is None:
            ConfirmedYear.objects.create(year=year, confirmed_at=timezone.now())
