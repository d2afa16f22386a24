from django import forms

from zhibu.core.forms import Polished
from zhibu.organizations.models import Organization
from zhibu.ratings.models import Dimension, ScoringItem
from zhibu.standards.catalogue import catalogue


class SheetForm(Polished, forms.Form):
    organization = forms.ModelChoiceField(label="评定组织", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=100, required=False, help_text="留空则为“××年度党支部星级评定”")
    star_lines = forms.CharField(
        label="星级分数线",
        max_length=60,
        required=False,
        help_text="得分率（%），默认 5:90, 4:80, 3:70, 2:60；其余为一星",
    )
    five_star_quota = forms.IntegerField(
        label="五星名额比例(%)", required=False, min_value=0, max_value=100, help_text="留空不限，如 10"
    )
    four_strong_line = forms.IntegerField(label="四强分数线(%)", min_value=1, max_value=100, initial=85)
    with_default_items = forms.BooleanField(label="使用默认评分项目（可再增删）", required=False, initial=True)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )


class ItemForm(Polished, forms.Form):
    dimension = forms.ChoiceField(label="方面", choices=Dimension.choices)
    title = forms.CharField(label="评分项目", max_length=100)
    kind = forms.ChoiceField(label="计分方式", choices=ScoringItem.Kind.choices)
    points = forms.DecimalField(label="分值", min_value=0.5, max_value=100, decimal_places=1)
    rule_ids = forms.MultipleChoiceField(
        label="依据规则（自动计分）", required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    guidance = forms.CharField(label="评分标准", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_ids"].choices = [(r.id, f"{r.id} {r.title}") for r in catalogue() if r.evaluated]


class ScoreForm(Polished, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.DecimalField(label="得分", min_value=0, max_value=100, decimal_places=1)
    basis = forms.CharField(label="评分依据", max_length=300)
