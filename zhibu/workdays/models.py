"""The working-day calendar's own records: days a 工委 entered over the holiday library, and the years beyond the
library a 工委 has confirmed as fully entered. Reference data: readable by everyone, changed by platform admins."""

from django.conf import settings
from django.db import models

from zhibu.core.formatting import cn_date
from zhibu.core.models import BaseModel


class DayOverride(BaseModel):
    """One day whose status the 国务院 plan sets: a holiday (休息日) or a 调休 working day (工作日). It wins over the
    library, so it both fills a year the library does not cover and corrects one it does."""

    class Kind(models.TextChoices):
        REST = "rest", "休息日"
        WORK = "work", "工作日"

    day = models.DateField("日期", unique=True)
    kind = models.CharField("安排", max_length=8, choices=Kind.choices)
    name = models.CharField("名称", max_length=40, help_text="如 春节、国庆节、调休上班")
    note = models.CharField("说明", max_length=200, blank=True, help_text="如 国务院办公厅通知文号")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["day"]
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"

    def __str__(self) -> str:
        return f"{cn_date(self.day)} {self.name}（{self.get_kind_display()}）"

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORK


class ConfirmedYear(BaseModel):
    """A year beyond the library whose holidays and 调休 days a 工委 has entered in full: only then do its dates count
    as covered (an unconfirmed year raises rather than silently treating a holiday as a working day)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间")

    class Meta:
        ordering = ["year"]
        verbose_name = "已确认年度"
        verbose_name_plural = "已确认年度"

    def __str__(self) -> str:
        return f"{self.year}年"
