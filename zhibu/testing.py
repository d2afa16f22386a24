"""Test and benchmark helpers: a small organisation tree, named personas and valid synthetic members.

工委 ─┬─ 党委A ─┬─ 支部A1 ── 党小组A1-1
      │        ├─ 支部A2
      │        └─ 党总支A3 ── 支部A3a
      └─ 党委B ─── 支部B1
"""

import datetime
import io
import itertools
import re
import threading
from dataclasses import dataclass

from django.db import transaction
from pypdf import PdfWriter

from zhibu.accounts import services as account_services
from zhibu.accounts.models import User
from zhibu.accounts.roles import Role
from zhibu.core.actors import CommandActor
from zhibu.core.derived import changes_collected
from zhibu.members import services as member_services
from zhibu.members.choices import Category, Education, Gender, JobPosition
from zhibu.members.importing import COLUMNS
from zhibu.members.models import Member
from zhibu.members.validation import add_years, id_check_char
from zhibu.organizations import services as organization_services
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.testing_replay import built_once

SETUP = CommandActor("tests")


def blank_pdf() -> bytes:
    """A real one-page A4 PDF: the upload check parses PDFs, so a few bytes that merely look like one are refused."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def compact(html: str | bytes) -> str:
    """A page's markup with the layout of its source taken out: whitespace between two tags is dropped and any other
    run of whitespace becomes one space, so that a test can look for a fragment however the template is wrapped."""
    if isinstance(html, bytes):
        html = html.decode()
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html))


PASSWORD = "Tq#8vLm2-kx"
_serial = itertools.count(1)


def valid_id_number(birth: datetime.date = datetime.date(1985, 6, 15), gender: str = Gender.MALE, area="220102") -> str:
    """A synthetic ID number with a correct GB 11643 check digit, unique within the test run."""
    serial = next(_serial)
    sequence = (serial % 500) * 2 + (1 if gender == Gender.MALE else 0)
    area = f"{int(area) + serial // 500:06d}"
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def member_fields(**overrides) -> dict:
    birth = overrides.pop("birth_date", datetime.date(1985, 6, 15))
    gender = overrides.pop("gender", Gender.MALE)
    joined = overrides.pop("joined_on", datetime.date(2010, 7, 1))
    category = overrides.pop("category", Category.FULL)
    fields = {
        "name": f"党员{next(_serial)}",
        "gender": gender,
        "id_number": valid_id_number(birth, gender),
        "ethnicity": "汉族",
        "birth_date": birth,
        "education": Education.BACHELOR,
        "category": category,
        "joined_on": joined,
        "full_member_on": add_years(joined, 1) if category == Category.FULL else None,
        "job_position": JobPosition.CIVIL_SERVANT,
        "mobile": "13812345678",
    }
    fields.update(overrides)
    return fields


def make_member(organization: Organization, **overrides) -> Member:
    return member_services.create_member(actor=SETUP, organization=organization, **member_fields(**overrides))


def make_org(parent, name: str, kind: str, founded_on=datetime.date(2000, 1, 1)) -> Organization:
    return organization_services.create_organization(
        actor=SETUP,
        parent=parent,
        name=name,
        short_name=name,
        kind=kind,
        code=f"T{next(_serial):05d}",
        founded_on=founded_on,
    )


@dataclass
class Tree:
    gongwei: Organization
    a: Organization
    a1: Organization
    a1_group: Organization
    a2: Organization
    a3: Organization
    a3a: Organization
    b: Organization
    b1: Organization

    def all(self) -> list[Organization]:
        return [self.gongwei, self.a, self.a1, self.a1_group, self.a2, self.a3, self.a3a, self.b, self.b1]


def build_tree() -> Tree:
    return built_once("tree", _build_tree_collected, _tree_ids, _tree_from_ids)


def _build_tree_collected() -> Tree:
    with transaction.atomic(), changes_collected():
        return _build_tree()


def _tree_ids(tree: Tree) -> list[int]:
    return [organization.pk for organization in tree.all()]


def _tree_from_ids(ids: list[int]) -> Tree:
    found = Organization.objects.in_bulk(ids)
    return Tree(*(found[pk] for pk in ids))


def _build_tree() -> Tree:
    gongwei = make_org(None, "测试工委", OrganizationKind.GONGWEI)
    a = make_org(gongwei, "党委A", OrganizationKind.DANGWEI)
    a1 = make_org(a, "支部A1", OrganizationKind.BRANCH)
    a1_group = make_org(a1, "党小组A1-1", OrganizationKind.GROUP)
    a2 = make_org(a, "支部A2", OrganizationKind.BRANCH)
    a3 = make_org(a, "党总支A3", OrganizationKind.GENERAL_BRANCH)
    a3a = make_org(a3, "支部A3a", OrganizationKind.BRANCH)
    b = make_org(gongwei, "党委B", OrganizationKind.DANGWEI)
    b1 = make_org(b, "支部B1", OrganizationKind.BRANCH)
    return Tree(gongwei, a, a1, a1_group, a2, a3, a3a, b, b1)


def persona(
    username: str, organization: Organization, role: str, member: Member | None = None, may_reveal: bool = False
) -> User:
    return account_services.create_user(
        actor=SETUP,
        username=username,
        full_name=username,
        password=PASSWORD,
        organization=organization,
        role=role,
        member=member,
        may_reveal=may_reveal,
        must_change_password=False,
    )


def api_token(user: User, scope: str | None = None, days: int = 90) -> str:
    """The secret of a new API token for the user, issued as the token page issues it (read-write when the user may
    change records, unless a scope is given)."""
    scope = scope or ("read_write" if user.may_change_records else "read")
    return account_services.issue_token(actor=user, name="测试", scope=scope, days=days)[1]


def build_personas(tree: Tree) -> dict[str, User]:
    def build() -> dict[str, User]:
        with transaction.atomic(), changes_collected():
            return _build_personas(tree)

    return built_once(f"personas:{_tree_ids(tree)}", build, _persona_ids, _personas_from_ids)


def _persona_ids(personas: dict[str, User]) -> dict[str, int]:
    return {name: user.pk for name, user in personas.items()}


def _personas_from_ids(ids: dict[str, int]) -> dict[str, User]:
    found = User.objects.in_bulk(ids.values())
    return {name: found[pk] for name, pk in ids.items()}


def _build_personas(tree: Tree) -> dict[str, User]:
    member_a1 = make_member(tree.a1, name="普通党员甲")
    return {
        "工委管理员": persona("gongwei_admin", tree.gongwei, Role.GONGWEI_ADMIN),
        "党委管理员A": persona("dangwei_admin_a", tree.a, Role.DANGWEI_ADMIN),
        "支部书记A1": persona("secretary_a1", tree.a1, Role.SECRETARY),
        "党务干部A1": persona("worker_a1", tree.a1, Role.PARTY_WORKER),
        "纪检A": persona("discipline_a", tree.a, Role.DISCIPLINE),
        "党员A1": persona("member_a1", tree.a1, Role.MEMBER, member=member_a1),
        "支部书记B1": persona("secretary_b1", tree.b1, Role.SECRETARY),
        "无角色": User.objects.create_user(username="nobody", password=PASSWORD),
    }


IMPORT_LABELS = {
    "male": "男",
    "female": "女",
    "bachelor": "大学本科",
    "full": "正式党员",
    "probationary": "预备党员",
    "civil_servant": "公务员（含参照管理）",
}


def import_row(branch: Organization, **overrides) -> list:
    """One row of the member import sheet, in the template's column order, as a person would type it."""

    data = member_fields(**overrides)
    data["organization"] = branch.name
    return [IMPORT_LABELS.get(data[c.field], data[c.field]) if c.field in data else None for c in COLUMNS]


def seat_committee(organization: Organization, members=None, since=datetime.date(2025, 1, 5)) -> list[Member]:
    """A committee for the organisation since ``since``: a term and a post for each of these members (three new members
    by default). A branch without one has no committee meetings to judge (MTG-04, MTG-05)."""
    from zhibu.committees import services as committee_services
    from zhibu.committees.models import PositionKind, Term

    members = list(members or [make_member(organization, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)])
    term = Term.objects.filter(organization=organization, ended_on__isnull=True).first()
    if term is None:
        term = committee_services.create_term(
            actor=SETUP, organization=organization, number=1, elected_on=since, started_on=since
        )
    since = max(since, term.started_on)
    kinds = list(PositionKind.objects.filter(code__in=COMMITTEE_POSTS))
    kinds.sort(key=lambda kind: COMMITTEE_POSTS.index(kind.code))
    fallback = PositionKind.objects.get(code="member")
    for index, member in enumerate(members):
        kind = kinds[index] if index < len(kinds) else fallback
        committee_services.assign_position(actor=SETUP, term=term, kind=kind, holder=member, started_on=since)
    return members


COMMITTEE_POSTS = ("secretary", "organization", "publicity", "discipline")


def run_concurrently(count: int, submit) -> tuple[list, list[str]]:
    """Run ``submit()`` in ``count`` threads released together; (results, errors). Each thread closes its own
    database connection. For the "N identical posts make one record" tests (needs a transactional test)."""
    from django.db import connection

    barrier, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            barrier.wait()
            results.append(submit())
        except Exception as error:  # noqa: BLE001 - collected for the test to assert on
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
