"""The answers the system writes itself: a request of one of these kinds is answered with a ledger generated from the
recipient's records (``zhibu.ledgers``), kept as its figures and as the .docx file. Each kind says which ledger, which
period of the request it covers and how the pages explain it; adding one is an entry here (and its ``AnswerKind``)."""

import datetime
from dataclasses import dataclass
from typing import Any

from zhibu.core.periods import Period, period_of
from zhibu.reporting.models import AnswerKind


@dataclass(frozen=True)
class GeneratedAnswer:
    kind: str
    ledger: str  # the code in zhibu.ledgers.registry.LEDGERS
    purpose: str  # the stored file's purpose
    period_field: str  # the request field naming the period: "month" (its first day) or "year"
    intro: str  # the answer page's explanation: nothing to type

    def period_error(self, value: Any, today: datetime.date) -> str:
        """What is wrong with the request's period for this kind, or ""."""
        if self.period_field == "month":
            if value is None:
                return "报送组织生活月报时请选择月份"
            if value.replace(day=1) > today.replace(day=1):
                return "月报月份不能晚于本月"
            return ""
        if value is None:
            return "报送中心组学习台账时请填写年度"
        if not 2000 <= value <= today.year:
            return f"台账年度应在2000至{today.year}年之间"
        return ""

    def stored_period(self, value: Any) -> Any:
        return value.replace(day=1) if self.period_field == "month" else value

    def period(self, request: Any) -> Period:
        if self.period_field == "month":
            return period_of("month", request.month)
        return period_of("year", datetime.date(request.year, 1, 1))

    def build(self, actor: Any, answer: Any, action: str) -> Any:
        from zhibu.ledgers.registry import LEDGERS

        return LEDGERS[self.ledger].build(actor, answer.organization, self.period(answer.request), action)


GENERATED: dict[str, GeneratedAnswer] = {
    answer.kind: answer
    for answer in (
        GeneratedAnswer(
            AnswerKind.MONTHLY,
            "monthly",
            "reporting.monthly",
            "month",
            "月报由系统根据本月会议、出席、标准体系检查和决议记录生成，提交即报送生成的月报，无需填写。",
        ),
        GeneratedAnswer(
            AnswerKind.THEORY_GROUP,
            "theory-group",
            "reporting.theory_group",
            "year",
            "中心组学习台账由系统根据本年各次中心组学习的记录（主讲、发言、出席、请假、列席旁听、学时、材料）生成，"
            "提交即报送生成的台账，无需填写。",
        ),
    )
}
