"""The kinds of record a ledger task can be taken from (its source), one registration each: which field of the task
links it, who owns it, and how the source is marked done when the task is closed (销号). Closing goes through the
source's own service, so its rules, audit row and 待办 bookkeeping apply as if its owner had closed it by hand.

A new kind of source below the ledger is a link field on ``Task`` and one ``LinkedSource`` here; an app above the
ledger that links a task from its side registers its ``LinkedSource`` in its ``ready()``. ``link_task``, the task's
page and ``accept_closure`` need no change."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import Resolution
from zhibu.inspections import services as inspection_services
from zhibu.inspections.models import RectificationItem
from zhibu.organizations.models import Organization

if TYPE_CHECKING:
    from zhibu.worklog.models import Closure, Task


@dataclass(frozen=True)
class LinkedSource:
    model: type[models.Model]
    field: str  # the task's one-to-one field that links the record
    label: str  # how the task's page and export name the kind: 会议决议：…
    owner: Callable[[Any], Organization]  # the organisation that owns the task taken from the record
    is_open: Callable[[Any], bool]  # whether the record may still be taken into the ledger
    close: Callable[[Any, Any, "Closure"], None]  # (actor, record, accepted closure): mark the record done


_SOURCES: dict[type[models.Model], LinkedSource] = {}


def register_linked_source(source: LinkedSource) -> None:
    _SOURCES[source.model] = source


def linked_sources() -> list[LinkedSource]:
    return list(_SOURCES.values())


def kind_of(record: Any) -> LinkedSource:
    kind = _SOURCES.get(type(record))
    if kind is None:
        raise ValidationError({"source": "该类记录不能纳入工作台账"})
    return kind


def source_of(task: "Task") -> tuple[LinkedSource, Any] | None:
    """The task's source record with its kind, or None for a task decomposed from a point. A kind registered by an
    app above the ledger links from its own side (``field`` is then the reverse accessor): asked for only when no
    link of the task's own fields holds, so a ledger table costs no query per row for them."""
    reverse = []
    for kind in _SOURCES.values():
        if hasattr(task, f"{kind.field}_id"):
            if getattr(task, f"{kind.field}_id") is not None:
                return kind, getattr(task, kind.field)
        else:
            reverse.append(kind)
    for kind in reverse:
        try:
            return kind, getattr(task, kind.field)
        except ObjectDoesNotExist:
            continue
    return None


def close_source(actor: Any, task: "Task", closure: "Closure") -> None:
    """The task was closed (销号): its source is marked done by its own service, unless already done."""
    found = source_of(task)
    if found is None:
        return
    kind, record = found
    record = type(record).objects.select_for_update().get(pk=record.pk)
    kind.close(actor, record, closure)


# ---- the sources registered by the ledger itself ------------------------------------------------------------------


def _close_resolution(actor: Any, resolution: Resolution, closure: "Closure") -> None:
    if resolution.status != Resolution.Status.OPEN:
        return
    activity_services.complete_resolution(
        actor=actor,
        resolution=resolution,
        done_on=timezone.localdate(),
        evidence=f"工作台账已销号：{closure.summary}"[:300],
    )


def _close_rectification(actor: Any, item: RectificationItem, closure: "Closure") -> None:
    """The closure's summary and first piece of evidence are the 整改 report; who may inspect the item's plan (the
    usual case: the committee that inspected is the one that closed the task) accepts it at once, otherwise it waits
    for the inspectors' 验收 like any reported item."""
    if item.status == RectificationItem.Status.OPEN:
        evidence = closure.evidence.order_by("pk").first()
        item = inspection_services.report_rectification(
            actor=actor,
            item=item,
            text=f"已在工作台账销号（{closure.task.plan}）：{closure.summary}"[:2000],
            evidence=evidence,
        )
    if item.status == RectificationItem.Status.REPORTED and inspection_services.may_inspect(actor, item.finding.plan):
        inspection_services.review_rectification(actor=actor, item=item, accept=True, comment="工作台账销号，验收通过")


def _resolution_owner(resolution: Resolution) -> Organization:
    return resolution.owner_organization or resolution.activity.organization


register_linked_source(
    LinkedSource(
        model=Resolution,
        field="resolution",
        label="会议决议",
        owner=_resolution_owner,
        is_open=lambda record: record.status == Resolution.Status.OPEN,
        close=_close_resolution,
    )
)
register_linked_source(
    LinkedSource(
        model=RectificationItem,
        field="rectification",
        label="整改事项",
        owner=lambda item: item.organization,
        is_open=lambda record: record.status == RectificationItem.Status.OPEN,
        close=_close_rectification,
    )
)
