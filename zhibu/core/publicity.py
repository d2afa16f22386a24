"""公示 and the objections raised during it, shared by the apps that publicise a decision before taking it (awards'
nominations, 四强 naming): the period in working days (the first day counts), the checks on an objection and on its
answer, and the objection's fields. Each app keeps its own objection table (the row points at its own record) built on
``ObjectionFields``; an unresolved objection blocks the decision after 公示 in each."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhibu.core.formatting import cn_date
from zhibu.core.services import require_past_date
from zhibu.workdays.calendar import CalendarNotCovered, add_working_days, is_working_day


class Resolution(models.TextChoices):
    DISMISSED = "dismissed", "经核实不影响推荐"
    UPHELD = "upheld", "反映属实，撤销推荐"


class ObjectionFields(models.Model):
    """An objection received during 公示, with the answer and how it was resolved."""

    received_on = models.DateField("收到日期")
    raised_by = models.CharField("反映人", max_length=50, blank=True, help_text="不愿署名可不填")
    content = models.TextField("反映内容")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.TextField("核实和答复情况", blank=True)
    resolution = models.CharField("处理结果", max_length=12, choices=Resolution.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def resolved(self) -> bool:
        return bool(self.resolution)


def publicity_until(start: datetime.date, days: int, field: str = "happened_on") -> datetime.date:
    """The last day of a 公示 of ``days`` working days from ``start`` (a working day; the first day counts: five
    working days from a Monday end on Friday)."""
    try:
        if not is_working_day(start):
            raise ValidationError({field: f"公示应从工作日开始，{cn_date(start)}不是工作日"})
        return add_working_days(start, days - 1)
    except CalendarNotCovered as missing:
        raise ValidationError({field: str(missing)}) from missing


def objection_fields(
    *, received_on: datetime.date | None, content: str, raised_by: str, start: datetime.date, until: datetime.date
) -> dict[str, Any]:
    """The checked fields of a new objection: received within the 公示, with its content."""
    require_past_date(received_on, "received_on", "收到日期")
    assert received_on is not None
    if not start <= received_on <= until:
        raise ValidationError(
            {
                "received_on": f"异议应在公示期内提出（{cn_date(start)}至{cn_date(until)}），收到日期不在公示期内",
            }
        )
    content = (content or "").strip()
    if len(content) < 5:
        raise ValidationError({"content": "请写明反映的问题（至少5个字）"})
    return {"received_on": received_on, "raised_by": (raised_by or "").strip()[:50], "content": content[:4000]}


def apply_answer(
    objection: ObjectionFields, *, answered_on: datetime.date | None, answer: str, resolution: str
) -> None:
    """Checks the answer and writes it on the (locked) objection; the caller saves and audits."""
    if objection.resolution:
        raise ValidationError("该异议已处理完毕")
    require_past_date(answered_on, "answered_on", "答复日期")
    assert answered_on is not None
    if answered_on < objection.received_on:
        raise ValidationError({"answered_on": f"答复日期不能早于收到日期（{cn_date(objection.received_on)}）"})
    answer = (answer or "").strip()
    if len(answer) < 5:
        raise ValidationError({"answer": "请写明核实情况和答复内容（至少5个字）"})
    if resolution not in Resolution.values:
        raise ValidationError({"resolution": "请选择处理结果"})
    objection.answered_on, objection.answer, objection.resolution = answered_on, answer[:4000], resolution


@dataclass(frozen=True)
class PublicityNotice:
    """One printable 公示 notice (A4): who publicises what, for which period, the list, where objections go and the
    signature. The apps build it from their records (``awards``: a round's nominations publicised together; 四强: the
    applications a reviewer publicised together); ``core/publicity_print.html`` renders it."""

    issuer: str
    title: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    start: datetime.date
    until: datetime.date
    days: int
    signed_on: datetime.date

    @property
    def period_text(self) -> str:
        return f"公示时间：{cn_date(self.start)}至{cn_date(self.until)}（{self.days}个工作日）"

    @property
    def objection_text(self) -> str:
        return (
            f"公示期间，对公示对象有不同意见的，可以通过来信、来电、来访等方式向{self.issuer}反映。"
            "反映问题要实事求是，以个人名义反映的提倡署真实姓名，并提供具体事实或线索，以便核实。"
        )

    @property
    def signed_text(self) -> str:
        return cn_date(self.signed_on)


def notice_periods(records: Iterable[Any]) -> dict[tuple[datetime.date, datetime.date], list[Any]]:
    """Records publicised together (the same ``publicity_from`` and ``publicity_until``), by period, earliest first;
    records never publicised are left out."""
    periods: dict[tuple[datetime.date, datetime.date], list[Any]] = {}
    for record in records:
        if record.publicity_from is not None and record.publicity_until is not None:
            periods.setdefault((record.publicity_from, record.publicity_until), []).append(record)
    return dict(sorted(periods.items(), key=lambda item: item[0]))
