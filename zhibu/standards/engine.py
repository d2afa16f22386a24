"""The BTX engine: each evaluated rule judged for every applicable organisation and period in one set-based pass.

An evaluator (``zhibu.standards.evaluators``) runs a few aggregate queries over the whole slice — never one
organisation at a time — and yields one ``Outcome`` per organisation and period. ``Context`` says which periods and
organisations are in the slice, what each organisation's parameters are (catalogue values with any 工委 override),
and how a period relates to the organisation's life (a new branch is judged only from its founding date).
"""

import contextlib
import datetime
import functools
import gc
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, overload

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period, period_of
from zhibu.organizations.models import Organization, lineage_paths
from zhibu.standards.catalogue import DEFAULT_SOURCE, Rule
from zhibu.standards.models import ParameterOverride, VerdictStatus
from zhibu.standards.parameters import label, value_text

SNAPSHOT_KEY = "now"  # Period.key of a snapshot


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while judging and storing. A year's evaluation keeps hundreds of thousands
    of outcomes and query rows alive until they are stored, and each full collection walked all of them again, a
    large part of the judging time. What the engine allocates is freed by reference
    counting; any cycles wait for the collector, which runs again on the next allocations after this block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def period_key(period: Period) -> str:
    return period.key


def period_label(period: Period) -> str:
    return period.label


@dataclass(frozen=True)
class Org:
    id: int
    path: str
    kind: str
    name: str
    founded_on: datetime.date
    ended_on: datetime.date | None  # when it was merged or dissolved

    def existed_throughout(self, period: Period) -> bool:
        return self.founded_on <= period.start and (self.ended_on is None or self.ended_on >= period.end)

    def existed_during(self, period: Period) -> bool:
        return self.founded_on <= period.end and (self.ended_on is None or self.ended_on >= period.start)


@dataclass
class Outcome:
    rule_id: str
    organization_id: int
    period: Period
    status: str
    explanation: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    applied: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.rule_id, self.organization_id, self.period.key)


def applied_parameters(rule: Rule, path: str, overrides: Iterable[ParameterOverride]) -> dict[str, Any]:
    """The catalogue threshold with every 工委 override on the organisation's path applied (``overrides`` shallowest
    first, so the deepest wins); ``source`` says whose. The one place overrides are applied: the engine and every page
    that shows a threshold read it."""
    values = dict(rule.threshold)
    sources = []
    for override in overrides:
        if path.startswith(override.organization.path):
            values[override.key] = override.value
            sources.append(
                f"{override.organization}设定{label(override.key)}为{value_text(override.key, override.value)}"
                f"（{override.reason}）"
            )
    values["source"] = "；".join(sources) if sources else DEFAULT_SOURCE
    return values


def parameters_for(rule: Rule, organization: Organization) -> dict[str, Any]:
    """``applied_parameters`` for one organisation, read from the database (a page's figure, not the engine's loop)."""
    overrides = (
        ParameterOverride.objects.filter(rule_id=rule.id).select_related("organization").order_by("organization__depth")
    )
    return applied_parameters(rule, organization.path, overrides)


class Context:
    """The slice being evaluated: a calendar year (periods started by today) or the periods holding one day."""

    def __init__(
        self,
        *,
        today: datetime.date | None = None,
        year: int | None = None,
        day: datetime.date | None = None,
        organization_ids: set[int] | None = None,
        around: Iterable[Organization] | None = None,
    ) -> None:
        """``organization_ids`` narrows the slice to those organisations; ``around`` to these organisations and their
        ancestors (an agency's rules read its branches' records), found in the same query as their details."""
        self.today = today or timezone.localdate()
        self.day = day
        self.year = year if year is not None else (day or self.today).year
        self.cache: dict[Any, Any] = {}
        orgs = Organization.objects.all()
        if organization_ids is not None:
            orgs = orgs.filter(pk__in=organization_ids)
        if around is not None:
            orgs = orgs.filter(path__in={path for organization in around for path in lineage_paths(organization.path)})
        self.orgs = [
            Org(
                o.pk,
                o.path,
                o.kind,
                str(o),
                o.founded_on,
                None if o.is_active else (o.status_changed_on or o.founded_on),
            )
            for o in orgs.only("path", "kind", "name", "short_name", "founded_on", "status", "status_changed_on")
        ]
        narrowed = organization_ids is not None or around is not None
        self.organization_ids = {org.id for org in self.orgs} if narrowed else None
        self._overrides: dict[str, list[ParameterOverride]] = {}
        self._params: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._periods: dict[str, list[Period]] = {}
        for override in ParameterOverride.objects.select_related("organization").order_by("organization__depth"):
            self._overrides.setdefault(override.rule_id, []).append(override)

    # ---- periods -------------------------------------------------------------------------------------------------
    @property
    def includes_snapshot(self) -> bool:
        return self.year == self.today.year

    def periods(self, kind: str) -> list[Period]:
        """The periods of a kind in the slice (the same list for every rule and organisation: built once)."""
        if kind not in self._periods:
            self._periods[kind] = self._compute_periods(kind)
        return self._periods[kind]

    def _compute_periods(self, kind: str) -> list[Period]:
        if kind == "snapshot":
            return [Period("snapshot", self.today, self.today)] if self.includes_snapshot else []
        if self.day is not None:
            return [period_of(kind, self.day)] if self.day <= self.today else []
        found, cursor = [], datetime.date(self.year, 1, 1)
        while cursor.year == self.year and cursor <= self.today:
            period = period_of(kind, cursor)
            found.append(period)
            cursor = period.end + datetime.timedelta(days=1)
        return found

    def month_slots(self, kind: str) -> dict[datetime.date, int]:
        """The first day of every month of each period of a kind → that period's index in ``periods(kind)``. Every
        month of the period, not only those of the slice: a refresh for one day still counts its whole quarter."""
        key = ("month_slots", kind)
        if key not in self.cache:
            slots: dict[datetime.date, int] = {}
            for index, period in enumerate(self.periods(kind)):
                month = period.start.replace(day=1)
                while month <= period.end:
                    slots[month] = index
                    month = (month + datetime.timedelta(days=31)).replace(day=1)
            self.cache[key] = slots
        slots_by_month: dict[datetime.date, int] = self.cache[key]
        return slots_by_month

    def window(self) -> tuple[datetime.date, datetime.date]:
        """The dates any period of the slice covers (a whole year, so every period kind fits)."""
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    # ---- organisations and parameters ---------------------------------------------------------------------------
    def organizations(self, rule: Rule) -> list[Org]:
        start, end = self.window()
        if rule.period == "snapshot":
            return [o for o in self.orgs if o.kind in rule.applies_to and o.ended_on is None]
        return [
            o
            for o in self.orgs
            if o.kind in rule.applies_to and o.founded_on <= end and (o.ended_on is None or o.ended_on >= start)
        ]

    def params(self, rule: Rule, org: Org) -> dict[str, Any]:
        """The catalogue threshold with the deepest 工委 override on the organisation's path; ``source`` says whose.

        Shared between outcomes (read only): without an override every organisation gets the same dict."""
        key = (rule.id, org.path) if rule.id in self._overrides else (rule.id, None)
        cached = self._params.get(key)
        if cached is None:
            cached = self._params[key] = self._compute_params(rule, org)
        return cached

    def _compute_params(self, rule: Rule, org: Org) -> dict[str, Any]:
        return applied_parameters(rule, org.path, self._overrides.get(rule.id, ()))


@functools.cache
def url_for(name: str, with_id: bool = False) -> str:
    """A page's address, resolved once per process: evaluators link thousands of records per run. With ``with_id`` the
    address has a ``{}`` where the record's id goes."""
    if not with_id:
        return reverse(name)
    return reverse(name, args=[_PLACEHOLDER_ID]).replace(str(_PLACEHOLDER_ID), "{}")


_PLACEHOLDER_ID = 987654321


def link(name: str, pk: int, label: str) -> dict[str, str]:
    return {"label": label, "url": url_for(name, True).format(pk)}


def aware_range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, end+1 00:00) in the installation's time zone: a meeting at 23:30 on 31 March is in Q1."""
    zone = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    return begin, datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)


@overload
def local_date(value: datetime.date) -> datetime.date: ...


@overload
def local_date(value: None) -> None: ...


def local_date(value: datetime.date | None) -> datetime.date | None:
    """The date in the installation's time zone (settings.TIME_ZONE, not a zone a request may have activated)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(local_zone()).date() if value.tzinfo is not None else value.date()
    return value


@functools.cache
def local_zone() -> zoneinfo.ZoneInfo:
    """settings.TIME_ZONE: what a local date means in verdicts, whatever zone a request may have activated."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def judge_count(
    ctx: Context,
    rule: Rule,
    org: Org,
    period: Period,
    *,
    count: int,
    needed: int,
    noun: str,
    last_before: datetime.date | None = None,
    evidence: list[dict[str, Any]] | None = None,
    applied: dict[str, Any] | None = None,
    verb: str = "召开",
) -> Outcome:
    """The common verdict for "at least N in the period": met, in progress, missed, or not applicable."""
    label = period_label(period)

    def outcome(status: str, text: str) -> Outcome:
        return Outcome(rule.id, org.id, period, status, text, evidence or [], applied or {})

    if not org.existed_during(period):
        return outcome(VerdictStatus.NOT_APPLICABLE, f"{label}本组织尚未成立或已撤销，不作考核")
    if count >= needed:
        return outcome(VerdictStatus.MET, f"{label}{verb}{noun}{count}次（要求不少于{needed}次）")
    if not org.existed_throughout(period):
        since = (
            f"于{cn_date(org.founded_on)}成立" if org.founded_on > period.start else f"于{cn_date(org.ended_on)}撤销"
        )
        return outcome(VerdictStatus.NOT_APPLICABLE, f"本组织{since}，{label}不完整，不作考核")
    if period.end >= ctx.today:
        days = period.days_left(ctx.today)
        return outcome(VerdictStatus.IN_PROGRESS, f"{label}尚需{verb}{noun}{needed - count}次，距期末还有{days}天")
    done = f"仅{verb}{noun}{count}次，要求不少于{needed}次" if count else f"未{verb}{noun}"
    previous = f"；上次为{cn_date(last_before)}" if last_before else "；此前没有记录"
    return outcome(VerdictStatus.MISSED, f"{label}{done}{previous}")
