"""Every write of the study lists: issue a list, add a topic (with its materials), link a meeting to the topics it
studied. Each in one transaction, scope-checked and audited. Nothing derived reads the links (the coverage is read
from them when asked), so no ``records_changed``."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from zhibu.activities.models import Activity, ActivityKind
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, require
from zhibu.core.uploads import store_upload
from zhibu.organizations.models import Organization, lineage_paths
from zhibu.study.models import Period, StudyLink, StudyList, StudyTopic, SuggestedForm


def period_bounds(period: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of month ``number`` (1–12) or quarter ``number`` (1–4) of ``year``."""
    first_month = number if period == Period.MONTH else 3 * (number - 1) + 1
    months = 1 if period == Period.MONTH else 3
    starts = datetime.date(year, first_month, 1)
    end_month = first_month + months
    ends = datetime.date(year + end_month // 13, (end_month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)
    return starts, ends


def period_label(period: str, year: int, number: int) -> str:
    return f"{year}年{number}月" if period == Period.MONTH else f"{year}年第{number}季度"


@transaction.atomic
def issue_list(
    *, actor: Any, organization: Organization, period: str, year: int, number: int, title: str = ""
) -> StudyList:
    """A month's or a quarter's study list of ``organization`` for its subtree (one per organisation and period)."""
    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    if period not in Period.values:
        errors["period"] = "请选择月度或季度"
    elif not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年度应在2000至2100之间"
    elif not isinstance(number, int) or not 1 <= number <= (12 if period == Period.MONTH else 4):
        errors["number"] = "月份应为1至12" if period == Period.MONTH else "季度应为1至4"
    if errors:
        raise ValidationError(errors)
    starts_on, ends_on = period_bounds(period, year, number)
    title = (title or "").strip() or f"{organization.name}{period_label(period, year, number)}学习清单"
    if len(title) > 100:
        raise ValidationError({"title": "清单名称不超过100字"})
    if StudyList.objects.filter(organization=organization, period=period, starts_on=starts_on).exists():
        raise ValidationError({"number": f"{organization}已下发{period_label(period, year, number)}的学习清单"})
    made = StudyList.objects.create(
        organization=organization, title=title, period=period, starts_on=starts_on, ends_on=ends_on
    )
    audit.record(actor=actor, event=Event.STUDY_LIST_ISSUED, obj=made, after=audit.snapshot(made))
    return made


@transaction.atomic
def add_topic(
    *,
    actor: Any,
    study_list: StudyList,
    title: str,
    suggested_form: str,
    materials: str = "",
    kinds: Iterable[ActivityKind] = (),
    upload: Any = None,
) -> StudyTopic:
    """One topic of the list: its materials (titles, one a line, and optionally a file), the suggested form and the
    meeting kinds that should take it."""
    study_list = StudyList.objects.select_for_update().get(pk=study_list.pk)
    require(actor, CHANGE, study_list)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写学习内容，如：学习习近平总书记在某会议上的重要讲话"
    elif len(title) > 200:
        errors["title"] = "学习内容不超过200字"
    if suggested_form not in SuggestedForm.values:
        errors["suggested_form"] = "请选择建议学习形式"
    lines = [line.strip() for line in (materials or "").splitlines() if line.strip()]
    if len(lines) > 20 or any(len(line) > 200 for line in lines):
        errors["materials"] = "学习材料最多20项，每项不超过200字"
    if title and StudyTopic.objects.filter(study_list=study_list, title=title).exists():
        errors["title"] = f"本清单中已有“{title}”"
    if errors:
        raise ValidationError(errors)
    position = (StudyTopic.objects.filter(study_list=study_list).aggregate(last=Max("position"))["last"] or 0) + 1
    topic = StudyTopic.objects.create(
        study_list=study_list, position=position, title=title, materials="\n".join(lines), suggested_form=suggested_form
    )
    topic.kinds.set(list(kinds))
    if upload is not None:
        topic.attachments.add(
            store_upload(actor=actor, organization=study_list.organization, purpose="学习清单材料", upload=upload)
        )
    audit.record(
        actor=actor,
        event=Event.STUDY_TOPIC_ADDED,
        obj=topic,
        after=audit.snapshot(topic),
        extra={"kinds": [kind.name for kind in topic.kinds.all()]},
    )
    return topic


def reaching(organization: Organization) -> list[str]:
    """The paths whose lists reach ``organization``: its own and every organisation's above it."""
    return lineage_paths(organization.path)


@transaction.atomic
def link_topics(*, actor: Any, activity: Activity, topics: Iterable[StudyTopic]) -> list[StudyTopic]:
    """The study-list topics this meeting took, replacing what was linked: only topics of lists issued to the
    meeting's organisation (by it or an organisation above it); a cancelled meeting takes none."""
    activity = Activity.objects.select_for_update().select_related("organization").get(pk=activity.pk)
    require(actor, CHANGE, activity)
    chosen = list({topic.pk: topic for topic in topics}.values())
    if activity.status == Activity.Status.CANCELLED and chosen:
        raise ValidationError({"topics": "会议已取消，不能记为落实学习清单"})
    paths = reaching(activity.organization)
    allowed = set(
        StudyTopic.objects.filter(
            pk__in=[topic.pk for topic in chosen], study_list__organization__path__in=paths
        ).values_list("pk", flat=True)
    )
    strangers = [topic.title for topic in chosen if topic.pk not in allowed]
    if strangers:
        raise ValidationError({"topics": f"不是下发给{activity.organization}的学习清单内容：{'、'.join(strangers)}"})
    before = sorted(StudyLink.objects.filter(activity=activity).values_list("topic__title", flat=True))
    StudyLink.objects.filter(activity=activity).exclude(topic__in=chosen).delete()
    have = set(StudyLink.objects.filter(activity=activity).values_list("topic_id", flat=True))
    StudyLink.objects.bulk_create(StudyLink(topic=topic, activity=activity) for topic in chosen if topic.pk not in have)
    after = sorted(topic.title for topic in chosen)
    audit.record(
        actor=actor,
        event=Event.STUDY_TOPICS_LINKED,
        obj=activity,
        before={"学习清单内容": "、".join(before)},
        after={"学习清单内容": "、".join(after)},
    )
    return chosen
