"""Every persona against every record of its own organisation, its descendants, siblings and ancestors, on every
list, detail, create, update, export and API route. Expectations come from the tree, not from the scoping code."""

import datetime
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.activities import services as activity_services
from zhibu.activities import talks
from zhibu.activities.models import ActivityKind
from zhibu.committees import services as committee_services
from zhibu.committees.models import PositionKind
from zhibu.core.derived import changes_collected
from zhibu.dues import services as dues_services
from zhibu.members import privacy
from zhibu.organizations import services as organization_services
from zhibu.testing import SETUP, make_member, member_fields
from zhibu.testing import persona as make_persona

A_SUBTREE = {"a", "a1", "a1_group", "a2", "a3", "a3a"}
ALL = {"gongwei", "b", "b1"} | A_SUBTREE
VIEW_SCOPE = {
    "工委管理员": ALL,
    "党委管理员A": A_SUBTREE,
    "支部书记A1": {"a1", "a1_group"},
    "党务干部A1": {"a1", "a1_group"},
    "纪检A": A_SUBTREE,
    "党员A1": set(),
    "支部书记B1": {"b1"},
    "无角色": set(),
    # Sees nothing but the restricted records of its subtree (and their own records), read-only.
    "档案管理员A": set(),
}
CHANGE_SCOPE = {**VIEW_SCOPE, "纪检A": set()}
BRANCHES = ("a1", "a2", "a3a", "b1")


def visible(persona, key, own=False, org_page=False) -> bool:
    if key in VIEW_SCOPE[persona]:
        return True
    # An ordinary member sees their own record and their own branch (its page, committee and 党小组), nothing else.
    return persona == "党员A1" and (own or (org_page and key in ("a1", "a1_group")))


def expected(persona, key, action, own=False, org_page=False) -> int:
    if not visible(persona, key, own, org_page):
        return 404
    if action == "change" and key not in CHANGE_SCOPE[persona]:
        return 403
    return 200


def build_records(tree, personas):
    records = {"member": {}, "term": {}, "unit": {}, "activity": {}}
    for key in BRANCHES:
        records["member"][key] = make_member(getattr(tree, key), name=f"成员{key}")
        records["activity"][key] = activity_services.plan_activity(
            actor=SETUP,
            organization=getattr(tree, key),
            kind=ActivityKind.objects.get(code="party_lecture"),
            title=f"党课{key}",
            planned_at=timezone.now(),
        )
    for key in ALL - {"a1_group"}:
        organization = getattr(tree, key)
        records["term"][key] = committee_services.create_term(
            actor=SETUP,
            organization=organization,
            number=1,
            elected_on=datetime.date(2024, 1, 1),
            started_on=datetime.date(2024, 1, 1),
        )
        records["unit"][key] = organization_services.create_unit(actor=SETUP, owner=organization, name=f"单位{key}")
    records["item"], records["sheet"] = _inspection_and_rating(tree, personas, records)
    return records


def _inspection_and_rating(tree, personas, records):
    from zhibu.inspections import services as inspection_services
    from zhibu.ratings import services as rating_services

    admin, today = personas["工委管理员"], timezone.localdate()
    plan = inspection_services.create_plan(
        actor=admin,
        organization=tree.gongwei,
        scope=tree.gongwei,
        title="督查",
        kind="regular",
        period_start=today.replace(month=1, day=1),
        period_end=today,
        inspectors=[admin],
    )
    items = {}
    for key in BRANCHES:
        finding = inspection_services.add_finding(
            actor=admin,
            plan=plan,
            organization=getattr(tree, key),
            description=f"问题{key}",
            items=[
                {"task": f"整改{key}", "owner": records["member"][key], "deadline": today, "required_evidence": "记录"}
            ],
        )
        items[key] = finding.items.get()
    return items, rating_services.create_sheet(actor=admin, organization=tree.gongwei, year=today.year)


RESTRICTED_API = ("dues-payments", "dues-assessments", "talks", "positions")


def build_restricted(tree, records, admin):
    """In every branch a member with dues, a talk, a committee post and a meeting attended, then restricted (an
    erasure request): all of it leaves every view but the 档案管理员's."""
    today, now = timezone.localdate(), timezone.now()
    restricted = {}
    for key in BRANCHES:
        branch = getattr(tree, key)
        member = make_member(branch, name=f"限制{key}")
        assessment = dues_services.set_assessment(
            actor=admin, member=member, year=today.year, category="salaried", base="5000"
        )
        payment, _ = dues_services.record_payment(
            actor=admin, member=member, month=today.replace(day=1), method="cash", key=f"restricted-{key}"
        )
        talk = talks.record_talk(
            actor=SETUP,
            organization=branch,
            first=records["member"][key],
            second=member,
            talked_on=today,
            topic="谈心",
        )
        position = committee_services.assign_position(
            actor=SETUP,
            term=records["term"][key],
            kind=PositionKind.objects.order_by("sort_order").last(),
            holder=member,
            started_on=datetime.date(2024, 1, 1),
        )
        meeting = activity_services.plan_activity(
            actor=SETUP,
            organization=branch,
            kind=ActivityKind.objects.get(code="general_meeting"),
            title=f"党员大会{key}",
            planned_at=now - datetime.timedelta(days=1),
        )
        activity_services.record_held(actor=SETUP, activity=meeting, held_at=now - datetime.timedelta(days=1))
        privacy.restrict(
            actor=SETUP, member=member, reason="本人申请删除", retain_until=today + datetime.timedelta(days=30)
        )
        restricted[key] = {
            "member": member,
            "meeting": meeting,
            "dues-payments": payment,
            "dues-assessments": assessment,
            "talks": talk,
            "positions": position,
        }
    return restricted


# A walk of every route as a persona (3–8 s each): CI runs it (--all); the default run relies on test_routes.py, which
# opens every route exactly as its declaration says.
@pytest.mark.slow
@pytest.mark.parametrize("persona", list(VIEW_SCOPE))
def test_scoping_matrix(persona, tree, personas):
    personas = {**personas, "档案管理员A": make_persona("dangan_a", tree.a, Role.ARCHIVIST)}
    with changes_collected():
        records = build_records(tree, personas)
        restricted = build_restricted(tree, records, personas["工委管理员"])
    own_member = personas["党员A1"].member
    tried, mismatches = 0, []

    def check(persona, label, response, expected):
        nonlocal tried
        tried += 1
        if response.status_code != expected:
            mismatches.append((persona, label, expected, response.status_code))

    user = personas[persona]
    web, api = Client(), APIClient()
    web.force_login(user)
    api.force_authenticate(user)
    for key in ALL:
        org = getattr(tree, key)
        view, change = (
            expected(persona, key, "view", org_page=True),
            expected(persona, key, "change", org_page=True),
        )
        check(persona, f"org detail {key}", web.get(f"/organizations/{org.pk}/"), view)
        check(persona, f"api org {key}", api.get(f"/api/v1/organizations/{org.pk}/"), view)
        check(persona, f"org edit {key}", web.get(f"/organizations/{org.pk}/edit/"), change)
        check(persona, f"org status {key}", web.get(f"/organizations/{org.pk}/status/"), change)
        check(
            persona,
            f"api org patch {key}",
            api.patch(f"/api/v1/organizations/{org.pk}/", {"note": "检查"}, format="json"),
            change,
        )
        if key in records["term"]:
            term, unit = records["term"][key], records["unit"][key]
            check(persona, f"term edit {key}", web.get(f"/committees/terms/{term.pk}/edit/"), change)
            check(persona, f"position new {key}", web.get(f"/committees/terms/{term.pk}/positions/new/"), change)
            check(persona, f"term new {key}", web.get(f"/committees/organizations/{org.pk}/terms/new/"), change)
            check(persona, f"api term {key}", api.get(f"/api/v1/terms/{term.pk}/"), view)
            check(
                persona,
                f"unit edit {key}",
                web.get(f"/organizations/units/{unit.pk}/edit/"),
                expected(persona, key, "change"),
            )
            check(persona, f"api unit {key}", api.get(f"/api/v1/units/{unit.pk}/"), expected(persona, key, "view"))
    for key, activity in records["activity"].items():
        view = expected(persona, key, "view", org_page=True)
        change = expected(persona, key, "change", org_page=True)
        check(persona, f"activity {key}", web.get(f"/activities/{activity.pk}/"), view)
        check(persona, f"api activity {key}", api.get(f"/api/v1/activities/{activity.pk}/"), view)
        # Allowed users are sent back to the (still planned) meeting with a message; others get 403/404.
        check(
            persona,
            f"activity qrcode {key}",
            web.get(f"/activities/{activity.pk}/qrcode/"),
            {404: 404, 403: 403, 200: 302}[change],
        )
        check(
            persona,
            f"activity held {key}",
            web.post(f"/activities/{activity.pk}/held/", {"held_at": "2099-01-01T00:00"}),
            change,
        )
    for key, item in records["item"].items():
        check(
            persona,
            f"rectification {key}",
            web.get(f"/inspections/items/{item.pk}/"),
            expected(persona, key, "view"),
        )
        check(
            persona,
            f"rating breakdown {key}",
            web.get(f"/ratings/{records['sheet'].pk}/branches/{getattr(tree, key).pk}/"),
            expected(persona, key, "view", org_page=True),
        )
    for key, member in [*records["member"].items(), ("a1", own_member)]:
        own = member.pk == own_member.pk and persona == "党员A1"
        view, change = expected(persona, key, "view", own), expected(persona, key, "change", own)
        check(persona, f"member {key}", web.get(f"/members/{member.pk}/"), view)
        check(persona, f"api member {key}", api.get(f"/api/v1/members/{member.pk}/"), view)
        for route in ("edit", "events/new", "transfer"):
            check(persona, f"member {route} {key}", web.get(f"/members/{member.pk}/{route}/"), change)
        check(
            persona,
            f"api member patch {key}",
            api.patch(f"/api/v1/members/{member.pk}/", {"note": "检查"}, format="json"),
            change,
        )
    # Lists and exports: exactly the rows the tree says, for the API, the page and the Excel file.
    wanted = {f"成员{key}" for key in BRANCHES if key in VIEW_SCOPE[persona]}
    listed = api.get("/api/v1/members/")
    check(persona, "api member list", listed, 200)
    rows = {row["name"] for row in listed.json()["results"] if row["name"].startswith("成员")}
    page = web.get("/members/", {"organization": tree.gongwei.pk}) if persona == "工委管理员" else web.get("/members/")
    check(persona, "member list page", page, 200)
    export = web.get("/members/export/")
    check(persona, "member export", export, 200)
    exported = set()
    if export.status_code == 200:
        sheet = load_workbook(BytesIO(export.content)).active
        exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0].startswith("成员")}
    for label, got in (("api member list rows", rows), ("export rows", exported)):
        tried += 1
        if got != wanted:
            mismatches.append((persona, label, sorted(wanted), sorted(got)))
    organizations = {row["id"] for row in api.get("/api/v1/organizations/").json()["results"]}
    wanted_organizations = {getattr(tree, k).pk for k in ALL if visible(persona, k, org_page=True)}
    tried += 1
    if organizations != wanted_organizations:
        mismatches.append((persona, "api organization rows", wanted_organizations, organizations))
    for key in BRANCHES:
        data = member_fields(name=f"新{key}")
        data["organization"] = getattr(tree, key).pk
        body = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
        created = api.post("/api/v1/members/", body, format="json")
        check(persona, f"api member create {key}", created, 201 if key in CHANGE_SCOPE[persona] else 400)
    tried += check_restricted(persona, web, api, tree, restricted, mismatches)
    tried += check_discipline(persona, web, api, tree, mismatches)
    print(f"scoping matrix: {tried} attempts, {len(mismatches)} mismatches")
    for mismatch in mismatches[:40]:
        print("  ", mismatch)
    assert tried > 100
    assert mismatches == []


def check_restricted(persona, web, api, tree, restricted, mismatches) -> int:
    """A restricted member's records: 404 and absent from every list, page, ledger and export, except that the
    档案管理员 reads those of its subtree (read-only)."""
    tried = 0
    archivist = persona == "档案管理员A"
    today = timezone.localdate()

    def expect(label, got, wanted):
        nonlocal tried
        tried += 1
        if got != wanted:
            mismatches.append((persona, label, wanted, got))

    for key, rows in restricted.items():
        member = rows["member"]
        wanted = 200 if archivist and key in A_SUBTREE else 404
        expect(f"restricted member {key}", web.get(f"/members/{member.pk}/").status_code, wanted)
        expect(f"api restricted member {key}", api.get(f"/api/v1/members/{member.pk}/").status_code, wanted)
        for route in ("edit", "events/new", "transfer"):
            got = web.get(f"/members/{member.pk}/{route}/").status_code
            expect(f"restricted member {route} {key}", got, 403 if wanted == 200 else 404)
        for route in RESTRICTED_API:
            got = api.get(f"/api/v1/{route}/{rows[route].pk}/").status_code
            expect(f"api {route} of restricted {key}", got, wanted)
        branch = getattr(tree, key)
        name = f"限制{key}"
        pages = {
            "meeting page": f"/activities/{rows['meeting'].pk}/",
            "talks page": f"/activities/talks/?organization={branch.pk}&year={today.year}",
            "appraisals page": f"/activities/appraisals/?organization={branch.pk}&year={today.year}",
            "dues sheet": f"/dues/?organization={branch.pk}",
            "dues totals": f"/dues/totals/?organization={branch.pk}&year={today.year}",
            "organization page": f"/organizations/{branch.pk}/",
            "member list": f"/members/?organization={branch.pk}",
            "transfers": "/members/transfers/",
            "meeting book": f"/ledgers/meetings/?organization={branch.pk}&year={today.year}&month={today.month}",
            "roster": f"/ledgers/roster/?organization={branch.pk}&year={today.year}",
            "secretary ledger": f"/ledgers/secretary/?organization={branch.pk}&year={today.year}",
            "home": "/",
        }
        pages["api meeting"] = f"/api/v1/activities/{rows['meeting'].pk}/"
        for label, url in pages.items():
            response = web.get(url)
            if response.status_code == 200:
                expect(f"{label} names restricted {key}", name in response.content.decode(), False)
        export = web.get("/members/export/")
        if export.status_code == 200:
            sheet = load_workbook(BytesIO(export.content)).active
            cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
            expect(f"member export names restricted {key}", name in cells, False)
    for route in RESTRICTED_API:
        listed = api.get(f"/api/v1/{route}/", {"page_size": 500})
        got = {row["id"] for row in listed.json()["results"]} if listed.status_code == 200 else set()
        hidden = {rows[route].pk for rows in restricted.values()}
        wanted_ids = {restricted[key][route].pk for key in BRANCHES if key in A_SUBTREE} if archivist else set()
        expect(f"api {route} list restricted rows", got & hidden, wanted_ids)
    return tried


def check_discipline(persona, web, api, tree, mismatches) -> int:
    """Early-stage discipline records (提醒谈话、函询、诫勉, ``zhibu/integrity``): only 纪检 of the subtree (and the
    committee, which no persona here sits on) sees them; every other role, 工委管理员 and 支部书记 included, gets 404."""
    from zhibu.integrity.tests.helpers import discipline

    tried = 0
    for key in BRANCHES:
        record = discipline(getattr(tree, key), name=f"处置{key}")
        wanted = 200 if persona == "纪检A" and key in A_SUBTREE else 404
        for label, got in (
            ("page", web.get(f"/integrity/discipline/{record.pk}/").status_code),
            ("api", api.get(f"/api/v1/discipline-records/{record.pk}/").status_code),
        ):
            tried += 1
            if got != wanted:
                mismatches.append((persona, f"discipline {label} {key}", wanted, got))
    return tried


def test_every_role_that_may_act_may_also_view():
    """``require`` checks the action first and asks the view scope only to tell 403 from 404: that holds only while
    no role may change, export or grant where it may not look."""
    from zhibu.accounts.roles import ROLE_ACTIONS
    from zhibu.core.scoping import VIEW

    assert [role for role, actions in ROLE_ACTIONS.items() if actions and VIEW not in actions] == []
