"""The BTX engine on a province-agency dataset, against a hand-written SQL lower bound, on PostgreSQL.

    ZHIBU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibu_bench .venv/bin/python bench/standards_engine.py
    ... bench/standards_engine.py --scale 0.2        # 600 branches, for a quick look

At scale 1: 3,000 branches, 60,000 members and one year of organisation life (94,000 meetings and 1,370,000
attendance rows), written with bulk inserts (the data is the fixture here, not what is measured). Then it times (each
figure the best of three rounds that alternate both sides):

1. one hand-written SQL statement that judges the MTG frequency and quorum rules for every organisation and period (the
   lower bound): computing the verdicts, and computing and writing them (rule, organisation, period, status) into a
   table shaped like the verdict table, first into an empty one and then over its own previous run;
2. the engine doing the same for those rules (judging; judging and storing, first and unchanged re-run); it checks
   both give the same statuses; then the same for every evaluated rule, against the same lower bound;
3. the same on twice the data (growth ratio);
4. one meeting saved through the services (plan, held, attendance), in a branch that held this year's meetings so far,
   with and without the incremental refresh.

Targets: evaluation ≤ 2× the lower bound, growth ≤ 2.2×, refresh ≤ 2× the save.
"""

import argparse
import datetime
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings_test")
os.environ.setdefault("ZHIBU_DATA_DIR", tempfile.mkdtemp(prefix="zhibu-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhibu.activities import services as activity_services  # noqa: E402
from zhibu.activities.models import Activity, ActivityKind, Attendance, Vote  # noqa: E402
from zhibu.activities.reference import ensure_activity_kinds  # noqa: E402
from zhibu.committees.models import Position, PositionKind, Term  # noqa: E402
from zhibu.committees.reference import ensure_position_kinds  # noqa: E402
from zhibu.core import derived  # noqa: E402
from zhibu.members.models import Affiliation, Member  # noqa: E402
from zhibu.members.services import fill_derived  # noqa: E402
from zhibu.organizations.models import Organization, OrganizationKind  # noqa: E402
from zhibu.standards import services  # noqa: E402
from zhibu.standards.engine import Context  # noqa: E402
from zhibu.standards.models import Verdict  # noqa: E402
from zhibu.testing import SETUP, make_org, member_fields  # noqa: E402

YEAR = timezone.localdate().year - 1  # a whole past year: every period is over
ZONE = timezone.get_current_timezone()
PLAN = (("general_meeting", 4), ("branch_committee", 12), ("theme_day", 12), ("party_lecture", 4), ("life_meeting", 1))

# The MTG rules the lower bound judges: how often meetings were held, and whether each one reached its quorum.
LOWER_BOUND_ENGINES = ("meeting_frequency", "meeting_quorum")

# One statement: every meeting of the year with its attendance counts and whether it stood (the kind's quorum, two
# thirds for 干部任免), per organisation, kind and month, then every applicable organisation × rule × period with its
# status. A meeting counts as held when someone came and, for a kind whose quorum conditions convening (支委会), it
# reached it; a meeting nobody came to is not judged for its quorum (the engine's quorum rules read held meetings). The same facts and the same statuses as the engine on the bench's data (every branch seated, every
# 党员大会 voting, 主题党日 on a fixed day), without the explanations, the evidence links or the comparison with stored
# verdicts; the bench prints whether the status counts agree.
LOWER_BOUND_SQL = """
WITH rules(rule_id, kind_code, unit, needed, applies) AS (VALUES %(rules)s),
meetings AS (
    SELECT a.id, a.organization_id, a.kind_id, (a.held_at AT TIME ZONE %(zone)s)::date AS day,
           count(t.id) AS expected,
           count(t.id) FILTER (WHERE t.status = 'present') AS present,
           count(t.id) FILTER (WHERE t.has_voting_rights) AS eligible,
           count(t.id) FILTER (WHERE t.status = 'present' AND t.has_voting_rights) AS present_eligible,
           EXISTS (SELECT 1 FROM activities_agendaitem g WHERE g.activity_id = a.id AND g.is_cadre_appointment) AS cadre
    FROM activities_activity a
    LEFT JOIN activities_attendance t ON t.activity_id = a.id
    WHERE a.status IN ('held', 'minuted', 'signed') AND a.held_at >= %(begin)s AND a.held_at < %(end)s
    GROUP BY a.id
),
monthly AS (
    SELECT m.organization_id, m.kind_id, date_trunc('month', m.day)::date AS month,
           count(*) FILTER (WHERE m.present > 0 AND CASE k.quorum
               WHEN 'half_of_committee' THEN m.present * 2 > m.expected
               WHEN 'two_thirds' THEN m.present * 3 >= m.expected * 2
               ELSE true
           END) AS held,
           count(*) FILTER (WHERE m.present > 0) AS attended,
           bool_and(CASE k.quorum
               WHEN 'half_of_voters' THEN m.present_eligible * 2 > m.eligible
               WHEN 'half_of_committee' THEN m.present * 2 > m.expected
               WHEN 'two_thirds' THEN m.present * 3 >= m.expected * 2
               ELSE true
           END AND NOT (m.cadre AND m.present * 3 < m.expected * 2)) FILTER (WHERE m.present > 0) AS stood
    FROM meetings m JOIN activities_activitykind k ON k.id = m.kind_id
    GROUP BY 1, 2, 3
),
periods AS (
    SELECT u.unit, d::date AS start, (d + u.step - interval '1 day')::date AS finish
    FROM (VALUES ('month', interval '1 month'), ('quarter', interval '3 months'), ('year', interval '1 year')) u(unit, step)
    CROSS JOIN LATERAL generate_series(%(first)s::timestamp, %(last)s::timestamp, u.step) d
)
SELECT r.rule_id, o.id AS organization_id, p.unit, p.start, p.finish,
       CASE
           WHEN o.founded_on > p.finish THEN 'not_applicable'
           WHEN r.needed IS NOT NULL AND coalesce(sum(j.held), 0) >= r.needed THEN 'met'
           WHEN r.needed IS NOT NULL AND o.founded_on > p.start THEN 'not_applicable'
           WHEN r.needed IS NOT NULL THEN 'missed'
           WHEN coalesce(sum(j.attended), 0) = 0 THEN 'not_applicable'
           WHEN bool_and(j.stood) THEN 'met'
           ELSE 'missed'
       END AS status
FROM rules r
JOIN activities_activitykind k ON k.code = r.kind_code
JOIN periods p ON p.unit = r.unit
JOIN organizations_organization o ON o.kind = ANY(r.applies::varchar[])
LEFT JOIN monthly j ON j.organization_id = o.id AND j.kind_id = k.id AND date_trunc(p.unit, j.month) = p.start
GROUP BY r.rule_id, r.needed, o.id, o.founded_on, p.unit, p.start, p.finish
"""

# The same verdicts written where the engine writes them: a table shaped like the verdict table (its indexes and
# unique constraint), inserted on a first run and, on a re-run, updated only where the status changed.
LOWER_BOUND_TABLE = "bench_lower_bound_verdict"
STORE_LOWER_BOUND_SQL = f"""
INSERT INTO {LOWER_BOUND_TABLE} (created_at, updated_at, rule_id, organization_id, period_key, period_start,
                                 period_end, status, explanation, evidence, applied, computed_at, digest)
SELECT now(), now(), v.rule_id, v.organization_id,
       CASE v.unit WHEN 'month' THEN to_char(v.start, 'YYYY-MM')
                   WHEN 'quarter' THEN to_char(v.start, 'YYYY-"Q"Q') ELSE to_char(v.start, 'YYYY') END,
       v.start, v.finish, v.status, '', '[]', '{{}}', now(), 0
FROM ({LOWER_BOUND_SQL}) v
ON CONFLICT (organization_id, rule_id, period_key) DO UPDATE
SET status = excluded.status, updated_at = excluded.updated_at, computed_at = excluded.computed_at
WHERE {LOWER_BOUND_TABLE}.status <> excluded.status
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
        seat_committee(branch, people[:5])
        hold_meetings(branch, people, kinds, rng, YEAR, 12)


COMMITTEE_POSTS = ("secretary", "deputy_secretary", "organization", "publicity", "discipline")


def seat_committee(branch, people) -> None:
    """A five-seat committee elected before the measured year, so the committee-meeting rules (MTG-04/05) judge
    these branches as the lower bound does; without one the engine exempts the branch (不适用)."""
    elected = datetime.date(YEAR - 1, 1, 10)
    term = Term.objects.create(
        organization=branch,
        number=1,
        elected_on=elected,
        started_on=elected,
        planned_end_on=elected.replace(year=YEAR + 4),
    )
    posts = {kind.code: kind for kind in PositionKind.objects.filter(code__in=COMMITTEE_POSTS)}
    Position.objects.bulk_create(
        [
            Position(term=term, kind=posts[code], holder=person, started_on=elected)
            for code, person in zip(COMMITTEE_POSTS, people, strict=True)
        ]
    )


def hold_meetings(branch, people, kinds, rng, year: int, months: int) -> None:
    """The year's planned meetings of the first ``months`` months (about one in twenty missing), with attendance. The
    主题党日 falls within a day of the branch's own day of the month (MTG-09 wants a relatively fixed day), and every
    党员大会 votes on something (MTG-02 judges the quorum of the meetings that voted)."""
    theme_day = rng.randint(5, 25)
    activities = []
    for code, count in PLAN:
        for n in range(count):
            month = 1 + (n * 12 // count)
            if rng.random() < 0.05 or month > months:  # planted gaps: about one meeting in twenty is missing
                continue
            day = theme_day + rng.randint(-1, 1) if code == "theme_day" else rng.randint(1, 28)
            when = datetime.datetime(year, month, day, 9, 0, tzinfo=ZONE)
            activities.append(
                Activity(
                    organization=branch, kind=kinds[code], title=code, planned_at=when, held_at=when, status="held"
                )
            )
    Activity.objects.bulk_create(activities)
    rows = [
        Attendance(
            activity=activity,
            member=member,
            status="present" if rng.random() < 0.9 else "absent",
            has_voting_rights=True,
        )
        for activity in activities
        for member in (people if activity.kind.code != "branch_committee" else people[:5])
    ]
    Attendance.objects.bulk_create(rows, batch_size=5000)
    present = Counter(row.activity.pk for row in rows if row.status == "present")
    Vote.objects.bulk_create(
        [
            Vote(
                activity=activity,
                subject="表决事项",
                yes=present[activity.pk],
                no=0,
                abstain=0,
                eligible=len(people),
                present_eligible=present[activity.pk],
                is_valid=present[activity.pk] * 2 > len(people),
                passed=present[activity.pk] * 2 > len(people),
                explanation="",
            )
            for activity in activities
            if activity.kind.code == "general_meeting"
        ]
    )


def empty_database() -> None:
    """Start from an empty schema, so a second run into the same database works: ``flush`` would TRUNCATE the audit
    table, which the audit guard refuses once an earlier run has left rows in it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)


def empty_verdicts() -> None:
    """An empty verdict table, as a first evaluation finds it: deleting leaves dead rows that the inserts then pay for,
    and made the 2× figure grow superlinearly."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Verdict._meta.db_table} CASCADE")  # the bench has no inspection findings


def analyze() -> None:
    """Table statistics after the bulk load, as a running database has them: without them PostgreSQL plans the lower
    bound for one meeting and takes minutes."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def judge_and_store(rules) -> tuple[float, float, list, int]:
    """The rules for the year: the time judging, the time storing, the outcomes, and how many verdicts were new."""
    ctx = Context(year=YEAR)
    judging, outcomes = timed(lambda: services.evaluate(rules, ctx))
    with transaction.atomic():
        storing, changes = timed(lambda: services.store(rules, ctx, outcomes))
    return judging, storing, outcomes, changes.created


def lower_bound_rules() -> list:
    return [rule for rule in services.evaluated_rules() if rule.engine in LOWER_BOUND_ENGINES]


def lower_bound_statement() -> tuple[str, dict]:
    """The rules as SQL values, and the statement's parameters."""
    begin = datetime.datetime(YEAR, 1, 1, tzinfo=ZONE)
    rows = []
    for rule in lower_bound_rules():
        threshold = rule.threshold
        unit = rule.period if rule.engine == "meeting_frequency" else "month"
        needed = int(threshold["at_least"]) if "at_least" in threshold else "NULL"
        applies = ", ".join(f"'{kind}'" for kind in rule.applies_to)  # catalogue codes: plain ASCII words
        rows.append(f"('{rule.id}', '{threshold['activity_kind']}', '{unit}', {needed}::int, ARRAY[{applies}])")
    parameters = {
        "zone": settings.TIME_ZONE,
        "begin": begin,
        "end": begin.replace(year=YEAR + 1),
        "first": datetime.datetime(YEAR, 1, 1),
        "last": datetime.datetime(YEAR, 12, 1),
    }
    return ", ".join(rows), parameters


def lower_bound() -> Counter:
    """The verdicts (rule, organisation, period, status) computed, not stored; the status counts per rule."""
    rules, parameters = lower_bound_statement()
    with connection.cursor() as cursor:
        cursor.execute(LOWER_BOUND_SQL.replace("%(rules)s", rules), parameters)
        return Counter((rule_id, status) for rule_id, _, _, _, _, status in cursor.fetchall())


def lower_bound_stored(first: bool) -> float:
    """The lower bound writing its verdicts: into an empty table (``first``) or over its own previous run."""
    rules, parameters = lower_bound_statement()
    with connection.cursor() as cursor:
        if first:
            cursor.execute(f"DROP TABLE IF EXISTS {LOWER_BOUND_TABLE}")
            cursor.execute(f"CREATE TABLE {LOWER_BOUND_TABLE} (LIKE {Verdict._meta.db_table} INCLUDING ALL)")
        start = time.perf_counter()
        with transaction.atomic():
            cursor.execute(STORE_LOWER_BOUND_SQL.replace("%(rules)s", rules), parameters)
        return time.perf_counter() - start


ROUNDS = 3  # each figure is the best of this many rounds: the machine's noise only ever adds time


def one_round() -> tuple[dict, Counter, Counter, int, int]:
    """The lower bound, then the engine, each figure once: {figure: (engine, SQL)}, both sides' status counts for the
    MTG rules, and how many verdicts the MTG rules and all rules stored."""
    bound, sql_statuses = timed(lower_bound)
    bound_first, bound_again = lower_bound_stored(first=True), lower_bound_stored(first=False)
    empty_verdicts()
    judging, storing, outcomes, stored = judge_and_store(lower_bound_rules())
    again = sum(judge_and_store(lower_bound_rules())[:2])
    engine_statuses = Counter((outcome.rule_id, outcome.status) for outcome in outcomes)
    del outcomes
    empty_verdicts()
    judging_all, storing_all, _, created = judge_and_store(services.evaluated_rules())
    again_all = sum(judge_and_store(services.evaluated_rules())[:2])
    figures = {
        "MTG judging": (judging, bound),
        "MTG first run": (judging + storing, bound_first),
        "MTG re-run": (again, bound_again),
        "all judging": (judging_all, bound),
        "all first run": (judging_all + storing_all, bound_first),
        "all re-run": (again_all, bound_again),
    }
    return figures, engine_statuses, sql_statuses, stored, created


def measure(label: str, rounds_wanted: int = ROUNDS) -> dict:
    """Engine against the lower bound: judging alone, then judging and storing (a first run into an empty table, and
    an unchanged re-run), for the MTG rules the lower bound computes and for every evaluated rule. The rounds alternate
    both sides, so a slow spell of the machine does not fall on one side only."""
    lower_bound()  # warm the caches for both sides
    rounds = [one_round() for _ in range(rounds_wanted)]
    figures = {
        name: (min(found[name][0] for found, *_ in rounds), min(found[name][1] for found, *_ in rounds))
        for name in rounds[0][0]
    }
    _, engine_statuses, sql_statuses, stored, created = rounds[0]
    agree = "一致" if engine_statuses == sql_statuses else f"不一致：引擎{engine_statuses} SQL{sql_statuses}"
    print(
        f"{label}: {Activity.objects.count():,} meetings, {Attendance.objects.count():,} attendance rows; "
        f"MTG rules {len(lower_bound_rules())} ({stored:,} verdicts, statuses {agree}), "
        f"all rules {len(services.evaluated_rules())} ({created:,} verdicts); best of {rounds_wanted} rounds; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for name, (engine, sql) in figures.items():
        print(f"  {name:14} engine {engine:6.2f} s | SQL lower bound {sql:6.2f} s | {engine / sql:.2f}×")
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


PREFIXES = "甲乙丙丁戊己庚辛壬癸"  # one per increment, so that each increment's branch names are new


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 3,000 branches and 60,000 members")
    parser.add_argument(
        "--scales",
        help="measure at each of these scales, growing one data set (e.g. 1,2,4); default: the scale, then twice it",
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, choices=range(1, 6), help="best of this many rounds")
    args = parser.parse_args()
    scales = sorted({float(s) for s in args.scales.split(",")}) if args.scales else [args.scale, 2 * args.scale]
    if not 1 <= len(scales) <= len(PREFIXES) or scales[0] <= 0:
        parser.error(f"--scales: 1 to {len(PREFIXES)} positive scales")
    if connection.vendor != "postgresql":
        print("请在 PostgreSQL 上运行（设置 ZHIBU_DATABASE_URL）；SQLite 仅用于开发。")
    empty_database()
    ensure_activity_kinds()
    ensure_position_kinds()
    reverse("activities:list")  # load the URL configuration, as a running server has it, before anything is timed
    make_org(None, "机关工委", OrganizationKind.GONGWEI)
    rng = random.Random(2026)
    built, results = 0, []
    for prefix, scale in zip(PREFIXES, scales, strict=False):
        branches = max(10, int(3000 * scale))
        start = time.perf_counter()
        build(branches - built, 20, rng, prefix)
        built = branches
        analyze()
        print(
            f"built {branches:,} branches ({20 * branches:,} members) in {time.perf_counter() - start:.0f} s; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        results.append((scale, measure(f"{scale:g}× ({branches:,} branches)", args.rounds)))
    for (low, one), (high, two) in itertools.pairwise(results):
        for name in one:
            print(
                f"growth {low:g}× → {high:g}× ({high / low:g}× the data), {name}: "
                f"engine {two[name][0] / one[name][0]:.2f}×, lower bound {two[name][1] / one[name][1]:.2f}×"
            )
    measure_refresh(Organization.objects.filter(name=f"{PREFIXES[0]}支部0").get(), rng)


def measure_refresh(branch, rng: random.Random) -> None:
    """One meeting saved now in a branch that held this year's meetings so far, with and without the refresh.
    Alternated, so that anything else slowing the machine slows both; the medians of 15."""
    today = timezone.localdate()
    kinds = {kind.code: kind for kind in ActivityKind.objects.all()}
    hold_meetings(branch, list(Member.objects.filter(organization=branch)), kinds, rng, today.year, today.month - 1)
    save_one_meeting(branch, True)  # warm up: the first refresh creates this year's verdicts
    plain, refreshed = [], []
    for _ in range(15):
        plain.append(save_one_meeting(branch, False))
        refreshed.append(save_one_meeting(branch, True))
    plain_ms, refreshed_ms = statistics.median(plain) * 1000, statistics.median(refreshed) * 1000
    print(
        f"saving one meeting: {plain_ms:.0f} ms without refresh, {refreshed_ms:.0f} ms with it (medians of 15); "
        f"refresh costs {refreshed_ms - plain_ms:.0f} ms = {(refreshed_ms - plain_ms) / plain_ms:.2f}× the save"
    )


if __name__ == "__main__":
    main()
