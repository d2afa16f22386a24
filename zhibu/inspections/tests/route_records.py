"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.inspections import services
from zhibu.inspections.models import InspectionPlan
from zhibu.testing import make_member, persona


def _inspectors(tree, personas):
    """The 党委 above each branch and one of its administrators, who plans and inspects."""
    return {
        "a1": (tree.a, personas["党委管理员A"]),
        "b1": (tree.b, persona("dangwei_admin_b", tree.b, Role.DANGWEI_ADMIN)),
    }


def _plans(tree, personas):
    year = timezone.localdate().year - 1
    made = {}
    for key, (organization, admin) in _inspectors(tree, personas).items():
        made[key] = services.create_plan(
            actor=admin,
            organization=organization,
            scope=getattr(tree, key),
            title=f"督查{key}",
            kind=InspectionPlan.Kind.REGULAR,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            inspectors=[admin],
        )
    return made


def _items(tree, personas):
    today = timezone.localdate()
    plans = _plans(tree, personas)
    made = {}
    for key, plan in plans.items():
        branch = getattr(tree, key)
        finding = services.add_finding(
            actor=plan.inspectors.get(),
            plan=plan,
            organization=branch,
            description="支委会记录不完整，缺少表决情况",
            items=[
                {
                    "task": "补全支委会记录并经书记签发",
                    "owner": make_member(branch),
                    "deadline": today + datetime.timedelta(days=10),
                    "required_evidence": "补全后的会议记录扫描件",
                }
            ],
            found_on=today,
        )
        made[key] = finding.items.get()
    return made


RECORD_BUILDERS = {
    "inspections.inspectionplan": _plans,
    "inspections.rectificationitem": _items,
}
EXTRA_KWARGS = {
    # Each plan inspects exactly its one branch.
    "inspections:target": lambda plan: {"target_pk": plan.targets.get().pk},
}
