import datetime
from collections.abc import Iterable
from typing import Any

from django import template
from django.http import QueryDict

from zhibu.core import labels
from zhibu.core.formatting import cn_date, cn_time, yuan
from zhibu.core.masking import mask
from zhibu.core.periods import key_label
from zhibu.core.scoping import can

register = template.Library()


@register.filter
def cndate(value: datetime.date | None) -> str:
    return cn_date(value)


@register.filter
def cntime(value: datetime.datetime | None) -> str:
    return cn_time(value) if value else ""


@register.filter(name="yuan")
def yuan_filter(value: object) -> str:
    return yuan(value)


@register.filter
def masked(value: str | None, kind: str) -> str:
    return mask(kind, value)


@register.filter
def indent(depth: int | str | None) -> str:
    return "\u3000" * max(int(depth or 1) - 1, 0)


@register.filter
def badge_class(text: object) -> str:
    """The colour of a deadline badge from its words: a red card, a yellow card, overdue, or due soon."""
    words = str(text or "")
    if "红牌" in words:
        return "red card"
    if "黄牌" in words:
        return "yellow"
    if "逾期" in words or "超期" in words:
        return "red"
    return "orange"


@register.filter
def yesno_cn(value: object) -> str:
    return "是" if value else "否"


@register.simple_tag
def query_with(query: str, **kwargs: Any) -> str:
    """The current list query string with some parameters replaced (for pagination links)."""
    params = QueryDict(query, mutable=True)
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def may(context: template.Context, action: str, organization: Any) -> bool:
    """Whether the user of this page may do the action on the organisation: a button is shown only when it works."""
    return organization is not None and can(context["request"].user, action, organization.path)


@register.filter
def rule_label(rule_id: object) -> str:
    """A rule code with its title (MTG-04 支部委员会每月至少召开1次)."""
    return labels.rule_label(str(rule_id)) if rule_id else ""


@register.filter
def rule_labels(rule_ids: Iterable[object] | None) -> str:
    return "；".join(labels.rule_label(str(rule_id)) for rule_id in rule_ids or ())


@register.filter
def period_label(key: object) -> str:
    """A stored period key in words (2026-Q1 → 2026年第1季度, now → 现状)."""
    return key_label(str(key)) if key else ""
