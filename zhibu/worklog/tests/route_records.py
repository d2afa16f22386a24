"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): a plan of 党委A with a task for
branch A1, and one of 党委B with a task for B1."""

import datetime

from django.utils import timezone

from zhibu.core.scoping import CHANGE
from zhibu.testing import SETUP
from zhibu.worklog import services
from zhibu.worklog.models import Plan
from zhibu.worklog.reviews import quarter_of, write_review
from zhibu.worklog.tests.ledger import plan_with_task


def _plans_and_tasks(tree):
    today = timezone.localdate()
    issued, deadline = today - datetime.timedelta(days=30), today + datetime.timedelta(days=60)
    return {
        key: plan_with_task(getattr(tree, issuer), getattr(tree, key), issued_on=issued, deadline=deadline)
        for key, issuer in (("a1", "a"), ("b1", "b"))
    }


def _plans(tree, personas):
    return {key: plan for key, (plan, _task) in _plans_and_tasks(tree).items()}


def _tasks(tree, personas):
    return {key: task for key, (_plan, task) in _plans_and_tasks(tree).items()}


def _reports(tree, personas):
    reports = {}
    for key, (_plan, task) in _plans_and_tasks(tree).items():
        task = services.accept_task(actor=SETUP, task=task)
        reports[key] = services.report_progress(
            actor=SETUP, task=task, month=timezone.localdate(), percent=10, narrative="启动"
        )
    return reports


def _reviews(tree, personas):
    reviews = {}
    for key, (_plan, task) in _plans_and_tasks(tree).items():
        year, quarter = quarter_of(timezone.localdate())
        reviews[key] = write_review(actor=SETUP, task=task, year=year, quarter=quarter, comment="按计划推进")
    return reviews


def _not_the_issuer(user, task):
    """Only the issuing organisation's keepers review a closure request; the owner may not close its own task."""
    return not Plan.objects.visible_to(user, CHANGE).filter(pk=task.point.section.plan_id).exists()


def _not_the_reviews_issuer(user, review):
    return _not_the_issuer(user, review.task)


RECORD_BUILDERS = {
    "worklog.plan": _plans,
    "worklog.task": _tasks,
    "worklog.progress": _reports,
    "worklog.review": _reviews,
}
FURTHER_REFUSALS = {
    "worklog:closure_review": _not_the_issuer,
    "worklog:review_create": _not_the_issuer,
    "worklog:review_edit": _not_the_reviews_issuer,
}
