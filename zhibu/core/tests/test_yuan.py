from decimal import Decimal

import pytest
from django.template import Context, Template

from zhibu.core.formatting import yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234.5"), "￥1,234.50"),
        (Decimal("-81"), "-￥81.00"),  # a reversal
        (0, "￥0.00"),
        ("3045.96", "￥3,045.96"),  # the totals a publication stored as text
        (None, ""),
        ("", ""),
        ("未核定", "未核定"),
        (Decimal("NaN"), "NaN"),
    ],
)
def test_amounts_read_as_yuan(value, shown):
    assert yuan(value) == shown
    assert Template("{% load zhibu %}{{ value|yuan }}").render(Context({"value": value})) == shown
