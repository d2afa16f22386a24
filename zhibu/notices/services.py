"""Every write of the party-affairs notices: draft, change a draft, publish, withdraw (with a reason), a member's read
receipt, and the generated dues publication. One transaction each with its audit row; a dues notice's publication
and withdrawal announce ``Topic.DUES`` (FEE-09 counts it)."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.formatting import yuan
from zhibu.core.scoping import CHANGE, VIEW, require
from zhibu.core.services import Conflict
from zhibu.core.uploads import store_upload
from zhibu.dues.models import Payment
from zhibu.dues.reports import year_figures
from zhibu.members.models import Member
from zhibu.notices.models import Category, Notice, NoticeRead, Status, in_period, lineage_of
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

MAX_ATTACHMENTS = 5
MAX_BODY = 10_000
MAX_PERIOD_DAYS = 3 * 366
YEARS_BACK = 5


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def _checked(
    *,
    title: str,
    body: str,
    category: str,
    publish_from: datetime.date | None,
    publish_until: datetime.date | None,
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) < 2:
        errors["title"] = "请填写标题（至少2个字）"
    elif len(title) > 100:
        errors["title"] = "标题不能超过100个字"
    if len(body) < 2:
        errors["body"] = "请填写公开的内容"
    elif len(body) > MAX_BODY:
        errors["body"] = f"正文不能超过{MAX_BODY}个字"
    if category not in Category.values:
        errors["category"] = "请选择公开类别：组织建设、党费收缴使用、发展党员、评先评优或其他"
    today = timezone.localdate()
    if publish_from is None:
        errors["publish_from"] = "请填写公开起始日期"
    elif abs((publish_from - today).days) > 366:
        errors["publish_from"] = "公开起始日期应在今天前后一年以内"
    elif publish_until is not None:
        if publish_until < publish_from:
            errors["publish_until"] = "公开截止日期不能早于起始日期"
        elif (publish_until - publish_from).days > MAX_PERIOD_DAYS:
            errors["publish_until"] = "公开期限不能超过三年；长期公开请不填截止日期"
    if errors:
        raise ValidationError(errors)
    return title, body


def _attach(actor: Any, notice: Notice, files: Any) -> None:
    files = list(files or [])
    if len(files) + notice.attachments.count() > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"附件最多{MAX_ATTACHMENTS}个"})
    for upload in files:
        try:
            attachment = store_upload(actor=actor, organization=notice.organization, purpose="notice", upload=upload)
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
        notice.attachments.add(attachment)


def _check_publisher(organization: Organization) -> None:
    if organization.kind == OrganizationKind.GROUP:
        raise ValidationError({"organization": "党小组不单独公开党务，请以所在党支部名义公开"})


@transaction.atomic
def create_notice(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    body: str,
    category: str,
    publish_from: datetime.date | None,
    publish_until: datetime.date | None = None,
    attachments: Any = (),
    year: int | None = None,
) -> Notice:
    """A draft (草稿): nobody but the organisation's keepers sees it until it is published."""
    require(actor, CHANGE, organization)
    _check_publisher(organization)
    title, body = _checked(
        title=title, body=body, category=category, publish_from=publish_from, publish_until=publish_until
    )
    assert publish_from is not None
    notice = Notice.objects.create(
        organization=organization,
        title=title,
        body=body,
        category=category,
        publish_from=publish_from,
        publish_until=publish_until,
        year=year if category == Category.DUES else None,
        created_by=_user(actor),
    )
    _attach(actor, notice, attachments)
    audit.record(actor=actor, event=Event.NOTICE_CREATED, obj=notice, after=audit.snapshot(notice))
    return notice


def _locked(notice: Notice, actor: Any) -> Notice:
    locked = Notice.objects.select_for_update().select_related("organization").get(pk=notice.pk)
    require(actor, CHANGE, locked)
    return locked


@transaction.atomic
def update_notice(
    *,
    actor: Any,
    notice: Notice,
    title: str,
    body: str,
    category: str,
    publish_from: datetime.date | None,
    publish_until: datetime.date | None = None,
    attachments: Any = (),
) -> Notice:
    """Only a draft is changed; a published notice is withdrawn and published anew."""
    notice = _locked(notice, actor)
    if notice.status != Status.DRAFT:
        raise ValidationError("只有草稿可以修改；已公开的事项请撤回后重新起草")
    title, body = _checked(
        title=title, body=body, category=category, publish_from=publish_from, publish_until=publish_until
    )
    if notice.year is not None and category != Category.DUES:
        raise ValidationError({"category": "党费收缴情况公开由系统生成，类别不能修改"})
    assert publish_from is not None
    before = audit.snapshot(notice)
    notice.title, notice.body, notice.category = title, body, category
    notice.publish_from, notice.publish_until = publish_from, publish_until
    notice.save()
    _attach(actor, notice, attachments)
    audit.record(actor=actor, event=Event.NOTICE_UPDATED, obj=notice, before=before, after=audit.snapshot(notice))
    return notice


def _announce(notice: Notice) -> None:
    if notice.category == Category.DUES and notice.year is not None:
        records_changed(organization=notice.organization, topic=Topic.DUES)


@transaction.atomic
def publish_notice(*, actor: Any, notice: Notice) -> Notice:
    notice = _locked(notice, actor)
    if notice.status != Status.DRAFT:
        raise ValidationError(f"该事项{notice.get_status_display()}，不能再次公开")
    if notice.publish_until is not None and notice.publish_until < timezone.localdate():
        raise ValidationError({"publish_until": "公开截止日期已过，请先修改公开期限"})
    before = audit.snapshot(notice)
    notice.status, notice.published_at = Status.PUBLISHED, timezone.now()
    notice.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor=actor, event=Event.NOTICE_PUBLISHED, obj=notice, before=before, after=audit.snapshot(notice))
    _announce(notice)
    return notice


@transaction.atomic
def withdraw_notice(*, actor: Any, notice: Notice, reason: str) -> Notice:
    notice = _locked(notice, actor)
    if notice.status != Status.PUBLISHED:
        raise ValidationError("只有已公开的事项可以撤回")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请写明撤回原因，如：数据有误，更正后重新公开"})
    if len(reason) > 200:
        raise ValidationError({"reason": "撤回原因不能超过200个字"})
    before = audit.snapshot(notice)
    notice.status, notice.withdrawn_at, notice.withdraw_reason = Status.WITHDRAWN, timezone.now(), reason
    notice.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit.record(actor=actor, event=Event.NOTICE_WITHDRAWN, obj=notice, before=before, after=audit.snapshot(notice))
    _announce(notice)
    return notice


# Read receipts ---------------------------------------------------------------------------------------------------


def addressed_to(user: Any, today: datetime.date) -> Any:
    """The published notices in period addressed to the user's own member record (its branch and every organisation
    above it), newest first; none for a user without one."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "_meta"):
        return Notice.objects.none()
    paths = list(Member.objects.current().filter(user=user).values_list("organization__path", flat=True))
    if not paths:
        return Notice.objects.none()
    return (
        Notice.objects.filter(in_period(today), organization__path__in=lineage_of(paths))
        .select_related("organization")
        .order_by("-publish_from", "-id")
    )


def audience(notice: Notice) -> Any:
    """The members the notice is addressed to: those on the roll in the publishing organisation's subtree."""
    return Member.objects.current().filter(organization__path__startswith=notice.organization.path)


def reader_of(user: Any, notice: Notice) -> Member | None:
    """The user's own member record if it is in the notice's audience."""
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "_meta"):
        return None
    return audience(notice).filter(user=user).first()


@transaction.atomic
def mark_read(*, actor: Any, notice: Notice) -> NoticeRead | None:
    """The member (the actor's own record) opened the published notice: recorded once; None if not in the audience."""
    require(actor, VIEW, notice)
    notice = Notice.objects.select_related("organization").get(pk=notice.pk)
    if notice.status != Status.PUBLISHED:
        return None
    member = reader_of(actor, notice)
    if member is None:
        return None
    existing = NoticeRead.objects.filter(notice=notice, member=member).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            read = NoticeRead.objects.create(notice=notice, member=member, read_at=timezone.now())
    except IntegrityError:  # the same member opened it twice at once
        return NoticeRead.objects.get(notice=notice, member=member)
    audit.record(actor=actor, event=Event.NOTICE_READ, obj=read, after=audit.snapshot(read))
    return read


def read_counts(notice: Notice) -> tuple[int, int, list[Member]]:
    """(members in the audience, how many of them read it, those who have not) — for the publisher's keepers."""
    members = list(audience(notice).select_related("organization").order_by("organization__path", "name"))
    read = set(NoticeRead.objects.filter(notice=notice).values_list("member_id", flat=True))
    unread = [member for member in members if member.pk not in read]
    return len(members), len(members) - len(unread), unread


# The yearly dues publication ------------------------------------------------------------------------------------


def dues_figures(actor: Any, organization: Organization, year: int) -> list[dict[str, Any]]:
    """Per month of the year: due, collected, voluntary extra and the number of members who paid (from the dues
    records of the branch, as the dues totals page shows them)."""
    [(_, months)] = year_figures(actor, [organization], year, CHANGE)
    payers: defaultdict[int, set[int]] = defaultdict(set)
    payments = Payment.objects.visible_to(actor, CHANGE).filter(
        organization__path__startswith=organization.path, month__year=year
    )
    net: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for member_id, paid_month, amount in payments.exclude(kind=Payment.Kind.VOLUNTARY).values_list(
        "member_id", "month", "amount"
    ):
        net[(paid_month.month, member_id)] += amount
    for (number, member_id), amount in net.items():
        if amount > 0:
            payers[number].add(member_id)
    return [
        {"month": number, "due": due, "paid": paid, "voluntary": extra, "payers": len(payers[number])}
        for number, (due, paid, extra) in enumerate(months, start=1)
    ]


def dues_body(organization: Organization, year: int, figures: list[dict[str, Any]]) -> str:
    due = sum((row["due"] for row in figures), Decimal(0))
    paid = sum((row["paid"] for row in figures), Decimal(0))
    extra = sum((row["voluntary"] for row in figures), Decimal(0))
    lines = [
        f"根据党费工作有关规定，现将{organization.name}{year}年度党费收缴情况公开如下：",
        f"全年应缴党费{yuan(due)}，实缴党费{yuan(paid)}，自愿多交党费{yuan(extra)}。",
        "\n".join(
            f"{row['month']}月：应缴{yuan(row['due'])}，实缴{yuan(row['paid'])}，交纳人数{row['payers']}人"
            + (f"，自愿多交{yuan(row['voluntary'])}" if row["voluntary"] else "")
            for row in figures
        ),
        "党员对公开内容如有疑问，请在公开期内向支部委员会反映。",
    ]
    return "\n\n".join(lines)


@transaction.atomic
def draft_dues_notice(*, actor: Any, organization: Organization, year: int | None) -> Notice:
    """The year's 党费收缴情况公开 as a draft, generated from the dues records, never typed; published like any
    other notice."""
    require(actor, CHANGE, organization)
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError({"organization": "党费收缴情况由党支部公开，请选择党支部"})
    today = timezone.localdate()
    if year is None or not today.year - YEARS_BACK <= year <= today.year:
        raise ValidationError({"year": f"公开的年度应在{today.year - YEARS_BACK}至{today.year}年之间"})
    existing = (
        Notice.objects.select_for_update()
        .filter(organization=organization, year=year, category=Category.DUES)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if existing is not None:
        raise Conflict(
            {
                "year": f"{organization.name}{year}年度党费收缴情况公开已有记录（{existing.get_status_display()}），请勿重复生成"
            },
            existing=existing,
        )
    figures = dues_figures(actor, organization, year)
    return create_notice(
        actor=actor,
        organization=organization,
        title=f"{organization.name}{year}年度党费收缴情况公开",
        body=dues_body(organization, year, figures),
        category=Category.DUES,
        publish_from=today,
        publish_until=today + datetime.timedelta(days=30),
        year=year,
    )
