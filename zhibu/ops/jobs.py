"""The schedule table: every management command the installation runs by itself, and when.

``run_jobs`` reads this table and nothing else; a job is due when it has not started since the last moment its
schedule names (so a runner that was down runs each missed job once when it comes back, not once per missed slot).
Times are local (Asia/Shanghai)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


def _no_args(now: datetime.datetime) -> list[str]:
    return []


def _judging_years(now: datetime.datetime) -> list[str]:
    # In January last year's December and fourth quarter close: judge the closed year once more with the new one.
    years = [now.year, now.year - 1] if now.month == 1 else [now.year]
    return [argument for year in years for argument in ("--year", str(year))]


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    command: str
    every_minutes: int | None = None  # every so many minutes from midnight …
    at: datetime.time | None = None  # … or daily at this time …
    monthly_day: int | None = None  # … on this day of the month only
    args: Callable[[datetime.datetime], list[str]] = field(default=_no_args)
    timeout_minutes: int = 60

    @property
    def interval(self) -> datetime.timedelta:
        if self.every_minutes:
            return datetime.timedelta(minutes=self.every_minutes)
        return datetime.timedelta(days=31 if self.monthly_day else 1)

    @property
    def schedule_label(self) -> str:
        if self.every_minutes:
            return f"每{self.every_minutes}分钟"
        at = self.at.strftime("%H:%M") if self.at else "00:00"
        return f"每月{self.monthly_day}日 {at}" if self.monthly_day else f"每天 {at}"

    def last_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest scheduled moment at or before ``now`` (an aware local datetime)."""
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.every_minutes:
            minutes = (now.hour * 60 + now.minute) // self.every_minutes * self.every_minutes
            return midnight + datetime.timedelta(minutes=minutes)
        at = self.at or datetime.time(0, 0)
        slot = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        if self.monthly_day:
            slot = slot.replace(day=self.monthly_day)
            if slot > now:
                previous = (slot.replace(day=1) - datetime.timedelta(days=1)).replace(day=self.monthly_day)
                slot = previous
            return slot
        return slot if slot <= now else slot - datetime.timedelta(days=1)


def _t(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


JOBS: tuple[Job, ...] = (
    Job("audit_checkpoint", "审计日志签名检查点", "audit_checkpoint", every_minutes=10, timeout_minutes=5),
    Job("escalate_rectifications", "整改逾期上报", "escalate_rectifications", at=_t(1, 0)),
    Job("escalate_worklog", "工作台账逾期上报", "escalate_worklog", at=_t(1, 10)),
    Job("evaluate_standards", "标准体系评估（含期末评判）", "evaluate_standards", at=_t(2, 0), args=_judging_years),
    Job("verify_audit", "审计日志校验", "verify_audit", at=_t(3, 0)),
    Job("purge_restricted", "清除到期的限制处理信息", "purge_restricted", at=_t(3, 30)),
    Job("purge_audit", "清理超过保存期限的审计日志", "purge_audit", at=_t(4, 0), monthly_day=1),
    Job("purge_job_runs", "清理过期的计划任务运行记录", "purge_job_runs", at=_t(4, 30)),
    Job("backup", "数据备份", "backup", at=_t(0, 30), timeout_minutes=120),
    Job("send_reminders", "每日提醒（会议、决议）", "send_reminders", at=_t(7, 0)),
    Job("send_term_reminders", "换届提醒", "send_term_reminders", at=_t(7, 5)),
    Job("send_recruitment_reminders", "发展党员提醒", "send_recruitment_reminders", at=_t(7, 10)),
    Job("send_dues_alerts", "党费提醒", "send_dues_alerts", at=_t(7, 15)),
)
JOBS_BY_NAME = {job.name: job for job in JOBS}
