"""The work ledger's figures on the 工委/党委 home page: how many open tasks in the subtree hold a yellow or a red
card today (``due.carded``, the same thresholds as the task pages), each a link to the filtered ledger."""

import datetime

from django.urls import reverse

from zhibu.core.contracts import Viewer
from zhibu.organizations.models import Organization
from zhibu.worklog.due import RED, YELLOW, carded
from zhibu.worklog.models import Task


def card_counts(scope: Organization, user: Viewer, today: datetime.date) -> dict:
    tasks = Task.objects.visible_to(user).filter(owner__path__startswith=scope.path)
    ledger = reverse("worklog:task_list")
    return {
        card: {"count": carded(tasks, card, today).count(), "url": f"{ledger}?card={card}&owner={scope.pk}"}
        for card in (YELLOW, RED)
    }
