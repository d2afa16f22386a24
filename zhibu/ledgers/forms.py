from collections.abc import Sequence
from typing import Any

from django import forms

from zhibu.core.parameters import ReportParameters

FORMATS = (("html", "打印页"), ("xlsx", "Excel"), ("docx", "Word"))


class LedgerParameters(ReportParameters):
    """A ledger's query: organisation, year, the month or quarter of a monthly or quarterly ledger, and the format
    (an unknown one gives the print page, as it always has)."""

    month = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": "月份须是1至12的数字",
            "min_value": "月份须在1至12之间",
            "max_value": "月份须在1至12之间",
        },
    )
    quarter = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=4,
        error_messages={
            "invalid": "季度须是1至4的数字",
            "min_value": "季度须在1至4之间",
            "max_value": "季度须在1至4之间",
        },
    )
    format = forms.ChoiceField(required=False, choices=FORMATS, error_messages={"invalid_choice": "没有这种格式"})

    def __init__(self, data: Any, *, options: Sequence[Any] = (), **kwargs: Any) -> None:
        """``options``: the ledger's ``LedgerOption``s, each a choice field of the query."""
        self.options = tuple(options)
        super().__init__(data, **kwargs)

    def full_clean(self) -> None:
        for option in self.options:
            self.fields[option.code] = forms.ChoiceField(
                required=False,
                choices=option.choices,
                error_messages={"invalid_choice": f"“{option.label}”没有这个选项"},
            )
        super().full_clean()

    def chosen_options(self) -> dict[str, str]:
        return {option.code: self.value(option.code, "") for option in self.options}
