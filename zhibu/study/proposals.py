"""What the meeting plan form proposes (registered with ``zhibu.activities.plan_extras``): the latest topics of the
第一议题 library and the open study-list topics. A library pick becomes the agenda's first line, flagged 第一议题; the
study topics picked join the agenda and are linked to the new meeting (``services.link_topics``)."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from zhibu.activities.plan_extras import PlanExtra
from zhibu.core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from zhibu.core.scoping import VIEW
from zhibu.study import services
from zhibu.study.models import StudyTopic
from zhibu.training.models import FirstTopic

LIBRARY_SHOWN = 8
# The meeting kinds MTG-15 expects to open with the 第一议题 (zhibu/standards/catalogue.yaml).
FIRST_TOPIC_KINDS = ("general_meeting", "branch_committee", "leading_group", "central_study")
# A list stays open for a month after its period: a branch may still take it at the next meeting.
OPEN_AFTER = datetime.timedelta(days=31)


def open_topics(user: Any, organization: Any, today: datetime.date) -> QuerySet[StudyTopic]:
    """The topics of the lists whose period has begun and not long ended, issued to ``organization`` (or to any
    organisation the user may plan for, when none is chosen yet)."""
    topics = StudyTopic.objects.visible_to(user, VIEW).filter(
        study_list__starts_on__lte=today, study_list__ends_on__gte=today - OPEN_AFTER
    )
    if organization is not None:
        topics = topics.filter(study_list__organization__path__in=services.reaching(organization))
    return topics.select_related("study_list").order_by("-study_list__starts_on", "study_list", "position")


def _fields(user: Any, organization: Any, today: datetime.date) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    field: Any
    library = list(FirstTopic.objects.all()[:LIBRARY_SHOWN])
    if library:
        field = SafeModelChoiceField(
            label="从第一议题库选用",
            queryset=FirstTopic.objects.filter(pk__in=[topic.pk for topic in library]),
            required=False,
            widget=forms.RadioSelect,
            empty_label="不选用（自行填写议程）",
            help_text="党员大会、支委会、党组会议和理论学习中心组学习的第一项议程；选中后列为议程第一项并标为“第一议题”",
        )
        field.label_from_instance = lambda topic: f"{topic.title}（{topic.source}，{topic.published_on:%Y-%m-%d}）"
        fields["library_topic"] = field
    topics = list(open_topics(user, organization, today)[:30])
    if topics:
        field = SafeModelMultipleChoiceField(
            label="学习清单中的学习内容",
            queryset=StudyTopic.objects.filter(pk__in=[topic.pk for topic in topics]),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="上级下发的学习清单；选中的内容列入议程，并记为本次会议学习（只能选下发给召开组织的清单）",
        )
        field.label_from_instance = lambda topic: f"{topic.study_list}：{topic.title}"
        fields["study_topics"] = field
    return fields


def _agenda(picked: dict[str, Any], lines: list[str], first_topic: bool) -> tuple[list[str], bool]:
    library = picked.get("library_topic")
    lines = list(lines)
    for topic in picked.get("study_topics") or ():
        if topic.title not in lines:
            lines.append(topic.title)
    if library is not None:
        lines = [library.title] + [line for line in lines if line != library.title]
        first_topic = True
    return lines, first_topic


def _after(actor: Any, activity: Any, picked: dict[str, Any]) -> None:
    topics = list(picked.get("study_topics") or ())
    if topics:
        services.link_topics(actor=actor, activity=activity, topics=topics)


PLAN_EXTRA = PlanExtra(fields=_fields, agenda=_agenda, after=_after, names=("library_topic", "study_topics"))
