"""Every write of the service app: keyword arguments, the actor first, one transaction, one audit row. No verdict
reads these records yet, so no ``records_changed`` is announced.

Members hold no change right (``ROLE_ACTIONS``), yet they claim and fulfil wishes themselves on the phone side: those
two services check the member's own record (``own_member``) and that the wish is one they may read, instead of the
change right."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.core.services import require_past_date
from zhibu.core.uploads import store_upload
from zhibu.members.models import Member
from zhibu.members.validation import LANDLINE_RE, MOBILE_RE, normalize_phone
from zhibu.organizations.models import Organization
from zhibu.service.models import Community, Pairing, Project, Registration, ServiceRecord, Wish

MAX_EVIDENCE = 5
MAX_HOURS = Decimal("24")
S = Wish.Status
NOT_YOURS = "只有认领人本人或其所在党组织的党务干部可以登记兑现"


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def own_member(user: Any) -> Member | None:
    """The member record linked to this account (not restricted), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user, restricted_at__isnull=True).select_related("organization").first()


def _text(value: str | None, field: str, label: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"请填写{label}"})
    if len(value) > limit:
        raise ValidationError({field: f"{label}请控制在{limit}字以内（现有{len(value)}字）"})
    return value


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"hours": "服务时长应为数字，如：2 或 1.5"}) from None
    if not Decimal("0") < hours <= MAX_HOURS:
        raise ValidationError({"hours": f"服务时长应大于0小时、不超过{MAX_HOURS}小时（一天之内）"})
    return hours


def _community_in(community: Community | None, organization: Organization | None = None) -> Community:
    if community is None:
        raise ValidationError({"community": "请选择社区"})
    if not community.active:
        raise ValidationError({"community": f"社区“{community}”已停用，请选择其他社区"})
    return community


# Communities and pairings -----------------------------------------------------------------------------------------


@transaction.atomic
def save_community(
    *,
    actor: Any,
    community: Community | None = None,
    organization: Organization | None = None,
    name: str,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    active: bool = True,
) -> Community:
    """A new community (``organization`` keeps it) or a change to one."""
    if community is not None:
        community = Community.objects.select_for_update().get(pk=community.pk)
        require(actor, CHANGE, community)
        organization = community.organization
    if organization is None:
        raise ValidationError({"organization": "请选择联系党组织"})
    require(actor, CHANGE, organization)
    name = _text(name, "name", "社区名称", limit=100)
    phone = normalize_phone(contact_phone or "")
    if phone and not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError({"contact_phone": "联系电话应为11位手机号码或带区号的固定电话（如0431-88886666）"})
    clash = Community.objects.filter(organization=organization, name=name)
    if community is not None:
        clash = clash.exclude(pk=community.pk)
    if clash.exists():
        raise ValidationError({"name": f"{organization}已登记名为“{name}”的社区，请勿重复登记"})
    before = audit.snapshot(community) if community is not None else None
    community = community or Community(organization=organization)
    community.name, community.active, community.contact_phone = name, active, phone
    community.address = _text(address, "address", "地址", limit=200, required=False)
    community.contact_name = _text(contact_name, "contact_name", "联系人", limit=50, required=False)
    community.save()
    audit.record(
        actor=actor, event=Event.SERVICE_COMMUNITY_SAVED, obj=community, before=before, after=audit.snapshot(community)
    )
    return community


@transaction.atomic
def create_pairing(
    *,
    actor: Any,
    organization: Organization,
    community: Community | None,
    started_on: datetime.date | None,
    content: str = "",
) -> Pairing:
    require(actor, CHANGE, organization)
    community = _community_in(community)
    require_past_date(started_on, "started_on", "共建开始日期")
    assert started_on is not None
    if Pairing.objects.filter(organization=organization, community=community, ended_on__isnull=True).exists():
        raise ValidationError({"community": f"{organization}与“{community}”的共建结对已在进行中，不必重复登记"})
    pairing = Pairing.objects.create(
        organization=organization,
        community=community,
        started_on=started_on,
        content=_text(content, "content", "共建内容", limit=300, required=False),
    )
    audit.record(actor=actor, event=Event.SERVICE_PAIRING_CREATED, obj=pairing, after=audit.snapshot(pairing))
    return pairing


# 双报到 and services ------------------------------------------------------------------------------------------------


@transaction.atomic
def register_member(
    *, actor: Any, member: Member | None, community: Community | None, registered_on: datetime.date | None
) -> Registration:
    if member is None:
        raise ValidationError({"member": "请选择党员"})
    require(actor, CHANGE, member)
    community = _community_in(community)
    require_past_date(registered_on, "registered_on", "报到日期")
    assert registered_on is not None
    if Registration.objects.filter(member=member, community=community).exists():
        raise ValidationError({"community": f"{member}已向“{community}”报到，不必重复登记"})
    registration = Registration.objects.create(member=member, community=community, registered_on=registered_on)
    audit.record(actor=actor, event=Event.SERVICE_REGISTERED, obj=registration, after=audit.snapshot(registration))
    return registration


def _service(actor, member, community, served_on, what, hours, wish=None) -> ServiceRecord:
    require_past_date(served_on, "served_on", "服务日期")
    record = ServiceRecord.objects.create(
        member=member,
        community=community,
        served_on=served_on,
        what=_text(what, "what", "服务内容", limit=200),
        hours=_hours(hours),
        wish=wish,
        recorded_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.SERVICE_RECORDED, obj=record, after=audit.snapshot(record))
    return record


@transaction.atomic
def record_service(
    *,
    actor: Any,
    member: Member | None,
    community: Community | None,
    served_on: datetime.date | None,
    what: str,
    hours: Any,
) -> ServiceRecord:
    """A service a member did in a community, recorded by the branch's officers."""
    if member is None:
        raise ValidationError({"member": "请选择党员"})
    require(actor, CHANGE, member)
    return _service(actor, member, _community_in(community), served_on, what, hours)


# Wishes -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def post_wish(
    *,
    actor: Any,
    organization: Organization,
    community: Community | None,
    posted_by: str,
    resident: str,
    title: str,
    detail: str = "",
    posted_on: datetime.date | None = None,
) -> Wish:
    """A wish, posted by the community's contact (recorded by the keeping branch or 党委) or by the branch."""
    require(actor, CHANGE, organization)
    community = _community_in(community)
    if (
        not can(actor, CHANGE, community.organization.path)
        and not Pairing.objects.filter(organization=organization, community=community).exists()
    ):
        raise ValidationError({"community": f"“{community}”不是{organization}联系或共建的社区"})
    if posted_by not in Wish.PostedBy.values:
        raise ValidationError({"posted_by": "请选择发布方：社区或党组织"})
    posted_on = posted_on or timezone.localdate()
    require_past_date(posted_on, "posted_on", "发布日期")
    wish = Wish.objects.create(
        organization=organization,
        community=community,
        posted_by=posted_by,
        resident=_text(resident, "resident", "心愿人", limit=50),
        title=_text(title, "title", "心愿内容", limit=100),
        detail=_text(detail, "detail", "详细说明", limit=2000, required=False),
        posted_on=posted_on,
    )
    audit.record(actor=actor, event=Event.SERVICE_WISH_POSTED, obj=wish, after=audit.snapshot(wish))
    return wish


def _locked(wish: Wish, actor: Any) -> Wish:
    locked = Wish.objects.select_for_update().get(pk=wish.pk)
    if not Wish.objects.visible_to(actor, VIEW).filter(pk=wish.pk).exists():
        from django.http import Http404

        raise Http404("记录不存在或不在您的权限范围内")
    return locked


def _refuse_state(wish: Wish, wanted: str, doing: str) -> None:
    if wish.status == wanted:
        return
    if doing == "认领" and wish.status != S.OPEN:
        raise ValidationError(f"该心愿已由{wish.claimer}于{cn_date(wish.claimed_on)}认领，不能重复认领")
    raise ValidationError(f"该心愿现为“{wish.get_status_display()}”，只有“{S(wanted).label}”的心愿可以{doing}")


@transaction.atomic
def claim_wish(*, actor: Any, wish: Wish, organization: Organization | None = None) -> Wish:
    """待认领 → 已认领. Without ``organization`` the acting member claims it personally; with one, that branch claims.
    The row is locked first, so of two concurrent claims the second finds it claimed and is refused."""
    wish = _locked(wish, actor)
    before = audit.snapshot(wish)
    if organization is None:
        member = own_member(actor)
        if member is None:
            raise ValidationError("您的账号未关联党员信息，不能以个人名义认领；请联系支部党务干部")
        if wish.claimed_by_member_id == member.pk:
            raise ValidationError("您已认领该心愿，不必再次认领")  # a second tap on the button
        _refuse_state(wish, S.OPEN, "认领")
        wish.claimed_by_member = member
    else:
        require(actor, CHANGE, organization)
        _refuse_state(wish, S.OPEN, "认领")
        wish.claimed_by_organization = organization
    wish.status, wish.claimed_on = S.CLAIMED, timezone.localdate()
    wish.save()
    audit.record(actor=actor, event=Event.SERVICE_WISH_CLAIMED, obj=wish, before=before, after=audit.snapshot(wish))
    return wish


def may_fulfil(user: Any, wish: Wish) -> bool:
    if wish.claimed_by_member_id is not None:
        member = wish.claimed_by_member
        assert member is not None
        return member.user_id == getattr(user, "pk", None) or can(user, CHANGE, member.organization.path)
    organization = wish.claimed_by_organization
    return organization is not None and can(user, CHANGE, organization.path)


@transaction.atomic
def fulfil_wish(
    *,
    actor: Any,
    wish: Wish,
    fulfilled_on: datetime.date | None,
    fulfilment: str,
    evidence: list[Any] | None = None,
    hours: Any = None,
) -> Wish:
    """已认领 → 已兑现, with what was done and evidence (photos or files). A member who claimed it may give the hours
    spent: they become a service record, so they count in the member's volunteer hours."""
    wish = _locked(wish, actor)
    _refuse_state(wish, S.CLAIMED, "登记兑现")
    if not may_fulfil(actor, wish):
        raise PermissionDenied(NOT_YOURS)
    require_past_date(fulfilled_on, "fulfilled_on", "兑现日期")
    assert fulfilled_on is not None and wish.claimed_on is not None
    if fulfilled_on < wish.claimed_on:
        raise ValidationError({"fulfilled_on": f"兑现日期不能早于认领日期（{cn_date(wish.claimed_on)}）"})
    files = list(evidence or [])
    if not files:
        raise ValidationError({"evidence": "请上传至少一张照片或一份材料作为兑现佐证"})
    if len(files) > MAX_EVIDENCE:
        raise ValidationError({"evidence": f"佐证材料最多{MAX_EVIDENCE}个文件"})
    before = audit.snapshot(wish)
    wish.fulfilment = _text(fulfilment, "fulfilment", "兑现情况", limit=2000)
    wish.status, wish.fulfilled_on = S.FULFILLED, fulfilled_on
    wish.save()
    for upload in files:
        try:
            attachment = store_upload(actor=actor, organization=wish.organization, purpose="wish", upload=upload)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error
        wish.evidence.add(attachment)
    if hours not in (None, "") and wish.claimed_by_member is not None:
        _service(actor, wish.claimed_by_member, wish.community, fulfilled_on, f"兑现微心愿：{wish.title}", hours, wish)
    audit.record(actor=actor, event=Event.SERVICE_WISH_FULFILLED, obj=wish, before=before, after=audit.snapshot(wish))
    return wish


@transaction.atomic
def confirm_wish(*, actor: Any, wish: Wish, confirmed_on: datetime.date | None, confirmation: str) -> Wish:
    """已兑现 → 已确认: the resident's confirmation, recorded by the organisation that keeps the wish."""
    wish = _locked(wish, actor)
    if not can(actor, CHANGE, wish.organization.path):
        raise PermissionDenied("群众确认由登记该心愿的党组织记录")
    _refuse_state(wish, S.FULFILLED, "登记群众确认")
    require_past_date(confirmed_on, "confirmed_on", "确认日期")
    assert confirmed_on is not None and wish.fulfilled_on is not None
    if confirmed_on < wish.fulfilled_on:
        raise ValidationError({"confirmed_on": f"确认日期不能早于兑现日期（{cn_date(wish.fulfilled_on)}）"})
    before = audit.snapshot(wish)
    wish.confirmation = _text(confirmation, "confirmation", "群众确认情况", limit=300)
    wish.status, wish.confirmed_on = S.CONFIRMED, confirmed_on
    wish.save()
    audit.record(actor=actor, event=Event.SERVICE_WISH_CONFIRMED, obj=wish, before=before, after=audit.snapshot(wish))
    return wish


# Projects ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_project(
    *,
    actor: Any,
    project: Project | None = None,
    organization: Organization | None = None,
    title: str,
    goals: str,
    started_on: datetime.date | None,
    status: str = Project.Status.PLANNED,
    community: Community | None = None,
    progress: str = "",
    results: str = "",
    finished_on: datetime.date | None = None,
    work_task: Any = None,
) -> Project:
    if project is not None:
        project = Project.objects.select_for_update().get(pk=project.pk)
        require(actor, CHANGE, project)
        organization = project.organization
    if organization is None:
        raise ValidationError({"organization": "请选择责任党组织"})
    require(actor, CHANGE, organization)
    if status not in Project.Status.values:
        raise ValidationError({"status": "请选择状态：谋划中、推进中或已办结"})
    if started_on is None:
        raise ValidationError({"started_on": "请填写开始日期"})
    results = _text(results, "results", "成效", limit=2000, required=False)
    if status == Project.Status.DONE:
        require_past_date(finished_on, "finished_on", "办结日期")
        assert finished_on is not None
        if finished_on < started_on:
            raise ValidationError({"finished_on": "办结日期不能早于开始日期"})
        if not results:
            raise ValidationError({"results": "办结的项目请写明成效"})
    elif finished_on is not None:
        raise ValidationError({"finished_on": "项目未办结，请不要填写办结日期（或将状态改为已办结）"})
    if work_task is not None and not can(actor, VIEW, work_task.owner.path):
        raise ValidationError({"work_task": "所选工作台账任务不在您的权限范围内"})
    before = audit.snapshot(project) if project is not None else None
    project = project or Project(organization=organization)
    project.title = _text(title, "title", "实事项目", limit=100)
    project.goals = _text(goals, "goals", "目标", limit=2000)
    project.progress = _text(progress, "progress", "进展", limit=2000, required=False)
    project.results, project.status, project.started_on, project.finished_on = results, status, started_on, finished_on
    project.community, project.work_task = community, work_task
    project.save()
    audit.record(
        actor=actor, event=Event.SERVICE_PROJECT_SAVED, obj=project, before=before, after=audit.snapshot(project)
    )
    return project


def volunteer_hours(member: Member) -> Decimal:
    """The member's volunteer hours: the sum of their service records."""
    from django.db.models import Sum

    total = ServiceRecord.objects.filter(member=member).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")
