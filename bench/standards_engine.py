"""The BTX engine on a province-agency dataset, against a hand-written SQL lower bound, on PostgreSQL.

    ZHIBU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibu_bench .venv/bin/python bench/standards_engine.py
    ... bench/standards_engine.py --scale 0.2        # 600 branches, for a quick look

At scale 1: 3,000 branches, 60,000 members and one year of organisation life (about 150,000 meetings and 2,000,000
attendance rows), written with bulk inserts (the data is the fixture here, not what is measured). Then it times:

1. a full evaluation of every evaluated rule for the year (evaluate + store: first run and an unchanged re-run);
2. one hand-written SQL aggregate that computes the same per-branch, per-month MTG facts (the lower bound);
3. the same on twice the data (growth ratio);
4. one meeting saved through the services (plan, held, attendance) with and without the incremental refresh.

Targets (issue 5): evaluation ≤ 2× the lower bound, growth ≤ 2.2×, refresh ≤ 2× the save.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings_test")
os.environ.setdefault("ZHIBU_DATA_DIR", tempfile.mkdtemp(prefix="zhibu-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhibu.activities import services as activity_services  # noqa: E402
from zhibu.activities.models import Activity, ActivityKind, Attendance  # noqa: E402
from zhibu.activities.reference import ensure_activity_kinds  # noqa: E402
from zhibu.core import derived  # noqa: E402
from zhibu.members.models import Affiliation, Member  # noqa: E402
from zhibu.members.services import fill_derived  # noqa: E402
from zhibu.organizations.models import Organization, OrganizationKind  # noqa: E402
from zhibu.standards import services  # noqa: E402
from zhibu.standards.engine import Context  # noqa: E402
from zhibu.testing import SETUP, build_tree, make_org, member_fields  # noqa: E402

YEAR = timezone.localdate().year - 1  # a whole past year: every period is over
ZONE = timezone.get_current_timezone()
PLAN = (("general_meeting", 4), ("branch_committee", 12), ("theme_day", 12), ("party_lecture", 4), ("life_meeting", 1))

LOWER_BOUND_SQL = """
SELECT a.organization_id, date_trunc('month', a.held_at AT TIME ZONE 'Asia/Shanghai') AS month, a.kind_id,
       count(DISTINCT a.id) AS meetings,
       count(t.id) AS expected,
       count(t.id) FILTER (WHERE t.status = 'present') AS present,
       count(t.id) FILTER (WHERE t.has_voting_rights) AS eligible,
       count(t.id) FILTER (WHERE t.status = 'present' AND t.has_voting_rights) AS present_eligible
FROM activities_activity a
LEFT JOIN activities_attendance t ON t.activity_id = a.id
WHERE a.status IN ('held', 'minuted', 'signed') AND a.held_at >= %s AND a.held_at < %s
GROUP BY 1, 2, 3
"""


def build(branches: int, members_per_branch: int, rng: random.Random, prefix: str) -> None:
    """Branches under 机关党委 of 50 branches each, members, and a year of meetings with attendance (bulk inserts)."""
    gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent__isnull=True)
    kinds = {kind.code: kind for kind in ActivityKind.objects.all()}
    created_branches = []
    for start in range(0, branches, 50):
        committee = make_org(gongwei, f"{prefix}党委{start // 50}", OrganizationKind.DANGWEI)
        for index in range(start, min(start + 50, branches)):
            created_branches.append(make_org(committee, f"{prefix}支部{index}", OrganizationKind.BRANCH))
    serial = Member.objects.count()
    for branch in created_branches:
        people = []
        for _ in range(members_per_branch):
            serial += 1
            fields = member_fields(name=f"成员{serial}", joined_on=datetime.date(2005, 7, 1))
            member = Member(organization=branch, **fields)
            fill_derived(member)
            people.append(member)
        Member.objects.bulk_create(people)
        Affiliation.objects.bulk_create(
            [Affiliation(member=m, organization=branch, started_on=datetime.date(2005, 7, 1)) for m in people]
        )
        activities = []
        for code, count in PLAN:
            for n in range(count):
                if rng.random() < 0.05:  # planted gaps: about one meeting in twenty is missing
                    continue
                month = 1 + (n * 12 // count)
                when = datetime.datetime(YEAR, month, rng.randint(1, 28), 9, 0, tzinfo=ZONE)
                activities.append(
                    Activity(
                        organization=branch, kind=kinds[code], title=code, planned_at=when, held_at=when, status="held"
                    )
                )
        Activity.objects.bulk_create(activities)
        Attendance.objects.bulk_create(
            [
                Attendance(
                    activity=activity,
                    member=member,
                    status="present" if rng.random() < 0.9 else "absent",
                    has_voting_rights=True,
                )
                for activity in activities
                for member in (people if activity.kind.code != "branch_committee" else people[:5])
            ],
            batch_size=5000,
        )


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def full_evaluation():
    rules = services.evaluated_rules()
    ctx = Context(year=YEAR)
    with transaction.atomic():
        return services.store(rules, ctx, services.evaluate(rules, ctx))


def lower_bound():
    begin = datetime.datetime(YEAR, 1, 1, tzinfo=ZONE)
    with connection.cursor() as cursor:
        cursor.execute(LOWER_BOUND_SQL, [begin, begin.replace(year=YEAR + 1)])
        return len(cursor.fetchall())


def measure(label: str) -> dict:
    first, changes = timed(full_evaluation)
    again, _ = timed(full_evaluation)
    bound, rows = timed(lower_bound)
    figures = {"first": first, "again": again, "bound": bound, "verdicts": changes.created}
    print(
        f"{label}: {Activity.objects.count():,} meetings, {Attendance.objects.count():,} attendance rows, "
        f"{changes.created:,} verdicts | full evaluation {first:.2f} s (unchanged re-run {again:.2f} s) | "
        f"SQL lower bound {bound:.2f} s ({rows:,} rows) | ratio {first / bound:.2f}× (re-run {again / bound:.2f}×)"
    )
    return figures


def save_one_meeting(branch, with_refresh: bool) -> float:
    saved = list(derived._listeners)
    settings.STANDARDS_LIVE_REFRESH = with_refresh  # the test settings this bench runs on turn it off
    if not with_refresh:
        derived._listeners.clear()
    try:
        kind = ActivityKind.objects.get(code="branch_committee")
        when = timezone.now() - datetime.timedelta(hours=1)
        start = time.perf_counter()
        with transaction.atomic():
            activity = activity_services.plan_activity(
                actor=SETUP, organization=branch, kind=kind, title="测速", planned_at=when
            )
            activity = activity_services.record_held(actor=SETUP, activity=activity, held_at=when)
            entries = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=activity)}
            activity_services.record_attendance(actor=SETUP, activity=activity, entries=entries)
        return time.perf_counter() - start
    finally:
        derived._listeners[:] = saved


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 3,000 branches and 60,000 members")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("请在 PostgreSQL 上运行（设置 ZHIBU_DATABASE_URL）；SQLite 仅用于开发。")
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    ensure_activity_kinds()  # reference data the flush removed
    build_tree()
    rng = random.Random(2026)
    branches = max(10, int(3000 * args.scale))
    start = time.perf_counter()
    build(branches, 20, rng, "甲")
    print(f"built {branches:,} branches in {time.perf_counter() - start:.0f} s")
    one = measure(f"1× ({branches:,} branches)")
    build(branches, 20, rng, "乙")
    two = measure(f"2× ({2 * branches:,} branches)")
    print(
        f"growth for 2× the data: {two['first'] / one['first']:.2f}× (lower bound {two['bound'] / one['bound']:.2f}×)"
    )
    branch = Organization.objects.filter(name="甲支部0").get()
    save_one_meeting(branch, True)  # warm up
    plain = min(save_one_meeting(branch, False) for _ in range(5))
    refreshed = min(save_one_meeting(branch, True) for _ in range(5))
    print(
        f"saving one meeting: {plain * 1000:.0f} ms without refresh, {refreshed * 1000:.0f} ms with it; "
        f"refresh costs {(refreshed - plain) * 1000:.0f} ms = {(refreshed - plain) / plain:.2f}× the save"
    )


if __name__ == "__main__":
    main()
