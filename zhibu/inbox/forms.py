from django import forms

from zhibu.core.forms import guard_id_fields
from zhibu.core.inbox import task_sources
from zhibu.organizations.models import Organization


class InboxFilterForm(forms.Form):
    """The inbox's narrowing: one organisation's subtree (the drill-down) and one kind of work."""

    organization = forms.ModelChoiceField(
        label="党组织（含下级）",
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": "所选党组织不存在或不在您的权限范围内，请重新选择"},
    )
    source = forms.ChoiceField(label="事项类型", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(user)
        self.fields["source"].choices = [("", "全部")] + [(source.key, source.label) for source in task_sources()]
        self.fields["source"].error_messages["invalid_choice"] = "没有这种事项类型，请从列表中选择"
        guard_id_fields(self)
