from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from zhibu.core import idempotency

MAX_ID = 2**63 - 1


def pk_out_of_range(value: object) -> bool:
    """A number no database id can be (it would overflow the integer column instead of matching nothing)."""
    text = str(value).strip()
    return text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID


# Django's field classes are generic to django-stubs only; subscripting them at run time raises TypeError.
if TYPE_CHECKING:
    _ModelChoiceField = forms.ModelChoiceField[Any]
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField


class SafeModelChoiceField(_ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and pk_out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(_ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value:
            if pk_out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(item)[:30]}
                )
        # A private method of Django's (stable since 1.x) that django-stubs does not declare.
        return super()._check_values(value)  # type: ignore[misc]


_GUARDED: dict[tuple[type, type], type] = {}


def _guarded(field_class: type[Any], guard: type) -> type:
    """One guarded subclass per field class, made once."""
    key = (field_class, guard)
    if key not in _GUARDED:
        _GUARDED[key] = type("Safe" + field_class.__name__, (guard, field_class), {})
    return _GUARDED[key]


def guard_id_fields(form: forms.BaseForm) -> None:
    """Give every model choice field (Django's or django-filter's) the id range check; nothing else changes."""
    for field in form.fields.values():
        if isinstance(field, SafeModelChoiceField | SafeModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.__class__ = _guarded(type(field), SafeModelMultipleChoiceField)
        elif isinstance(field, forms.ModelChoiceField):
            field.__class__ = _guarded(type(field), SafeModelChoiceField)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def polish_fields(form: forms.BaseForm) -> None:
    """Native date pickers for every date field (phones included), and 请选择 instead of dashes in selects."""
    guard_id_fields(form)
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = DateTimeInput()
        elif isinstance(field, forms.DateField):
            field.widget = DateInput()
        elif isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = "请选择"
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]  # a ChoiceField's choices are normalised to a list
            if choices and choices[0][0] in ("", None):
                field.choices = [("", "请选择"), *choices[1:]]


# The mixins go before a form class in the bases; to mypy they are forms themselves, so ``self`` has the form's fields.
if TYPE_CHECKING:
    _FormMixin = forms.BaseForm
else:
    _FormMixin = object


class Polished(_FormMixin):
    """Mix into every zhibu form: date pickers and Chinese empty choices (see ``polish_fields``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        polish_fields(self)


class SubmittedOnce(_FormMixin):
    """Mix into a create form: it is rendered with a hidden one-time key, and the view creates through
    ``zhibu.core.idempotency.create_once`` (``create_from_form``), so posting it twice creates once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[idempotency.FORM_FIELD] = forms.CharField(
            label="提交标识",
            widget=forms.HiddenInput,
            initial=idempotency.new_key,
            max_length=64,
            error_messages={"required": idempotency.BAD_KEY, "max_length": idempotency.BAD_KEY},
        )


class MultipleFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each is checked by the upload service when stored."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(FilesField, self).clean(item, initial) for item in items]
