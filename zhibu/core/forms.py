from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def polish_fields(form: forms.BaseForm) -> None:
    """Native date pickers for every date field (phones included), and 请选择 instead of dashes in selects."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
        elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = "请选择"
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None):
                field.choices = [("", "请选择"), *choices[1:]]


class Polished:
    """Mix into every zhibu form: date pickers and Chinese empty choices (see ``polish_fields``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        polish_fields(self)
