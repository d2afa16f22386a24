"""Yellow and red cards for work overdue past configured thresholds (the work ledger's tasks, public complaints):
one rule, so every app shows the same words and the inbox and lists colour them alike (``badge_class``)."""

YELLOW, RED = "yellow", "red"


def card_for(days_late: int, yellow_days: int, red_days: int) -> str:
    """``RED`` at ``red_days`` or more late, ``YELLOW`` at ``yellow_days`` or more, else "" (also when not late)."""
    if days_late >= red_days:
        return RED
    if days_late >= yellow_days:
        return YELLOW
    return ""


def card_label(card: str, days_late: int) -> str:
    """The words of a badge: 红牌/黄牌 with the days late, 已超期 when late without a card, "" when not late."""
    if card == RED:
        return f"红牌：逾期{days_late}天"
    if card == YELLOW:
        return f"黄牌：逾期{days_late}天"
    return f"已超期{days_late}天" if days_late > 0 else ""
