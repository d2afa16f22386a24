from django import template
from django.http import QueryDict

from zhibu.core.formatting import cn_date, cn_time
from zhibu.core.masking import mask

register = template.Library()


@register.filter
def cndate(value):
    return cn_date(value)


@register.filter
def cntime(value):
    return cn_time(value) if value else ""


@register.filter
def masked(value, kind):
    return mask(kind, value)


@register.filter
def indent(depth):
    return "\u3000" * max(int(depth or 1) - 1, 0)


@register.filter
def yesno_cn(value):
    return "是" if value else "否"


@register.simple_tag
def query_with(query: str, **kwargs) -> str:
    """The current list query string with some parameters replaced (for pagination links)."""
    params = QueryDict(query, mutable=True)
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
