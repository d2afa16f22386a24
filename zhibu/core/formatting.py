import datetime
import functools
from decimal import Decimal, InvalidOperation

from django.utils import timezone


@functools.lru_cache(maxsize=4096)  # ledgers and verdicts write the same few hundred days over and over
def cn_date(value: datetime.date | None) -> str:
    """2024年4月3日 — the date format used everywhere in the UI and in messages."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_time(value: datetime.datetime) -> str:
    """2024年4月3日 14:05, in the installation's time zone."""
    local = timezone.localtime(value)
    return f"{cn_date(local.date())} {local:%H:%M}"


def yuan(value: object) -> str:
    """￥1,234.50 — an amount of money as the dues pages and exports show it; a negative one (a reversal) as
    -￥81.00, nothing for no amount, and anything that is not a number as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    amount = amount.quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}￥{abs(amount):,.2f}"
