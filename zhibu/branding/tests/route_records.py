"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1 (reviewed by
党委A), one in B1 (党委B)."""

import time_machine

from zhibu.branding import services
from zhibu.branding.tests.helpers import NAMED, OBJECTED, at, walked
from zhibu.testing import SETUP


def _applications(tree, personas, through="publicise"):
    return {key: walked(getattr(tree, key), getattr(tree, key[0]), through=through) for key in ("a1", "b1")}


def _objections(tree, personas):
    made = {}
    for key, application in _applications(tree, personas).items():
        with time_machine.travel(at(OBJECTED), tick=False):
            made[key] = services.record_objection(
                actor=SETUP, application=application, received_on=OBJECTED, content="反映该支部台账有补记现象"
            )
    return made


def _cases(tree, personas):
    made = {}
    for key, application in _applications(tree, personas, through="name").items():
        with time_machine.travel(at(NAMED), tick=False):
            made[key] = services.add_case(
                actor=SETUP,
                application=application,
                title=f"{application.organization.name}的做法",
                text="以书记项目为抓手，把党建工作和窗口服务结合起来，群众办事时间缩短一半。",
            )
    return made


def _brands(tree, personas):
    from zhibu.branding.tests.brand_helpers import brand

    return {key: brand(getattr(tree, key)) for key in ("a1", "b1")}


def _projects(tree, personas):
    from zhibu.branding.tests.brand_helpers import project, recognised

    return {key: project(recognised(getattr(tree, key))) for key in ("a1", "b1")}


def _reviews(tree, personas):
    from django.utils import timezone

    from zhibu.branding import projects

    made = {}
    for key, item in _projects(tree, personas).items():
        projects.report_progress(actor=SETUP, brandproject=item, progress="每周轮值示范岗已覆盖全体党员")
        made[key] = projects.review_year(
            actor=SETUP,
            brand=item.brand,
            year=item.year,
            happened_on=timezone.localdate(),
            recognised=True,
            note="年度成效明显",
        )
    return made


RECORD_BUILDERS = {
    "branding.brandproject": _projects,
    "branding.brandreview": _reviews,
    "branding.brand": _brands,
    "branding.fourstrongapplication": _applications,
    "branding.fourstrongobjection": _objections,
    "branding.case": _cases,
}
