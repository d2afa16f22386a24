from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def use_date_inputs(form: forms.BaseForm) -> None:
    """Native date pickers for every date field (phones included)."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
