"""What users read of the standards: a rule code always with its title, a period in words, never a raw key; and a
情况说明 reaches the organisation that must review it."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.core.models import Notification
from zhibu.standards import services
from zhibu.standards.models import ExplanationNote, Verdict
from zhibu.testing import SETUP, seat_committee

YEAR = 2026
TITLE = "支部委员会一般每月召开1次"

pytestmark = pytest.mark.usefixtures("live_verdicts")


def missed_in_january(tree):
    seat_committee(tree.a1)
    services.recompute(actor=SETUP, year=YEAR)
    return Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR}-01")


def test_a_submitted_explanation_tells_the_organisation_that_reviews_it(tree, personas, client_as):
    missed = missed_in_january(tree)
    secretary, reviewer = personas["支部书记A1"], personas["党委管理员A"]
    client_as(secretary).post(
        f"/standards/verdicts/{missed.pk}/", {"text": "一月份支部委员集中参加培训，已于二月初补开。"}
    )
    note = ExplanationNote.objects.get()
    told = Notification.objects.get(user=reviewer)
    assert told.text.startswith("支部A1提交了情况说明") and f"MTG-04 {TITLE}" in told.text
    assert told.url == "/standards/notes/" and told.read_at is None
    assert not Notification.objects.filter(user=secretary).exists()  # not told of their own submission
    assert not Notification.objects.filter(user=personas["支部书记B1"]).exists()
    client_as(reviewer).post(f"/standards/notes/{note.pk}/review/", {"decision": "return", "comment": "请附培训通知"})
    assert Notification.objects.get(pk=told.pk).read_at is not None  # reviewed: nothing left to do
    outcome = Notification.objects.get(user=secretary)
    assert "被退回：请附培训通知" in outcome.text and f"{YEAR}年1月" in outcome.text


def test_rule_codes_come_with_their_titles_and_periods_in_words(tree, personas, client_as):
    missed = missed_in_january(tree)
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get(f"/standards/verdicts/{missed.pk}/").content.decode()
    assert f"<title>MTG-04 {TITLE} · {YEAR}年1月 · 支部</title>" in page
    secretary.post(f"/standards/verdicts/{missed.pk}/", {"text": "一月份支部委员集中参加培训，已于二月初补开。"})
    notes = secretary.get("/standards/notes/").content.decode()
    assert f"MTG-04 {TITLE}" in notes and f"{YEAR}年1月" in notes and f"{YEAR}-01" not in notes
    services.recompute(actor=SETUP, year=timezone.localdate().year)
    snapshot = Verdict.objects.filter(organization=tree.a1, period_key="now").first()
    title = secretary.get(f"/standards/verdicts/{snapshot.pk}/").content.decode().split("</title>")[0]
    assert title.endswith("· 现状 · 支部") and " now" not in title
    admin = client_as(personas["工委管理员"])
    export = admin.get(f"/standards/?organization={tree.gongwei.pk}&year={YEAR}&export=missed")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert (tree.a1.name, f"MTG-04 {TITLE}", f"{YEAR}年1月", "未达标") in [row[:4] for row in rows]
