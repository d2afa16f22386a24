import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from zhibu.core import audit, crypto
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.core.uploads import store_upload
from zhibu.members.choices import Category, EventKind, PartyStatus, RecordStatus
from zhibu.members.models import Affiliation, Member, MemberEvent
from zhibu.members.validation import (
    expected_full_member_on,
    normalize_id_number,
    normalize_phone,
    validate_member_fields,
)
from zhibu.organizations.models import BRANCH_KINDS, Organization

# Fields a plain edit may change. Category, status and branch change only through dated events and transfers.
EDITABLE_FIELDS = (
    "name",
    "gender",
    "id_number",
    "ethnicity",
    "birth_date",
    "education",
    "joined_on",
    "full_member_on",
    "job_position",
    "mobile",
    "landline",
    "address",
    "is_lost_contact",
    "lost_contact_on",
    "lost_contact_reason",
    "is_mobile_member",
    "mobile_destination",
    "probation_extension_months",
    "current_party_post",
    "employer",
    "employer_position",
    "sponsors",
    "is_hardship",
    "is_veteran",
    "is_retired",
    "is_leading_cadre",
    "dual_life_organization",
    "party_group",
    "note",
)
CREATE_FIELDS = (*EDITABLE_FIELDS, "category", "party_status")
ID_INDEX_PURPOSE = "member.id_number"


def id_index(id_number: str) -> str:
    return crypto.blind_index(normalize_id_number(id_number), ID_INDEX_PURPOSE)


def name_initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()[:50]


def normalize(data: dict) -> dict:
    data = dict(data)
    if "id_number" in data:
        data["id_number"] = normalize_id_number(data["id_number"])
    for field in ("mobile", "landline"):
        if field in data and data[field]:
            data[field] = normalize_phone(data[field])
    if "name" in data and data["name"]:
        data["name"] = data["name"].strip()
    if "probation_extension_months" in data and data["probation_extension_months"] is None:
        data["probation_extension_months"] = 0
    return data


def fill_derived(member: Member) -> None:
    member.id_number_index = id_index(member.id_number)
    member.id_tail = member.id_number[-4:]
    member.name_initials = name_initials(member.name)


def check_branch(organization: Organization, field: str = "organization") -> None:
    """The organisation, as it is in the database now, must be an active branch."""
    organization.refresh_from_db(fields=["kind", "status"])
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError(
            {field: f"党员须编入党支部；“{organization}”是{organization.get_kind_display()}，请选择党支部"}
        )
    if not organization.is_active:
        raise ValidationError({field: f"“{organization}”已{organization.get_status_display()}，不能编入党员"})


def check_dual_life(member: Member) -> None:
    target = member.dual_life_organization
    if target is None:
        return
    if target.kind not in BRANCH_KINDS:
        raise ValidationError({"dual_life_organization": "双重组织生活应选择一个党支部"})
    if not member.is_leading_cadre:
        raise ValidationError({"dual_life_organization": "只有标记为领导干部的党员需要登记双重组织生活所在支部"})


def check_group(member: Member) -> None:
    group = member.party_group
    if group is not None and (group.kind != "group" or group.parent_id != member.organization_id):
        raise ValidationError({"party_group": "党小组须是本人所在党支部下设的党小组"})


def check_unique_id(member: Member) -> None:
    clash = Member.objects.filter(id_number_index=member.id_number_index).exclude(pk=member.pk).first()
    if clash is not None:
        where = clash.organization
        raise Conflict(
            {"id_number": f"该公民身份号码已登记在“{where}”的党员名下，不能重复登记；如需调入请办理组织关系转接"},
            existing=clash,
        )


def _validate(member: Member) -> None:
    data = {field: getattr(member, field) for field in CREATE_FIELDS}
    validate_member_fields(data, timezone.localdate())
    fill_derived(member)
    check_unique_id(member)
    check_dual_life(member)
    check_group(member)
    member.full_clean(exclude=["id_number_index", "id_tail", "name_initials", "user"])


def affiliation_start(member: Member) -> datetime.date:
    return max(member.joined_on, member.organization.founded_on)


@transaction.atomic
def create_member(*, actor, organization: Organization, since: datetime.date | None = None, **fields) -> Member:
    require(actor, CHANGE, organization)
    check_branch(organization)
    fields = normalize(fields)
    unknown = set(fields) - set(CREATE_FIELDS)
    if unknown:
        raise ValidationError(f"不能设置这些字段：{', '.join(sorted(unknown))}")
    member = Member(organization=organization, **fields)
    _validate(member)
    member.save()
    Affiliation.objects.create(
        member=member, organization=organization, started_on=since or affiliation_start(member), reason="登记"
    )
    audit.record(actor=actor, event=Event.MEMBER_CREATED, obj=member, before=None, after=audit.snapshot(member))
    records_changed(organization=organization, topic=Topic.MEMBERS)
    return member


def lock_member(member: Member, expected_version: int | None) -> Member:
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError("该党员信息已被他人修改，请刷新页面后在最新内容上重新修改")
    return locked


@transaction.atomic
def update_member(*, actor, member: Member, expected_version: int | None = None, **changes) -> Member:
    require(actor, CHANGE, member)
    member = lock_member(member, expected_version)
    changes = normalize(changes)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"不能直接修改：{', '.join(sorted(unknown))}；人员类别、党籍和所在支部请通过状态变动或组织关系转接办理"
        )
    before = audit.snapshot(member)
    changed = [name for name, value in changes.items() if getattr(member, name) != value]
    if not changed:
        return member
    for name in changed:
        setattr(member, name, changes[name])
    _validate(member)
    member.version += 1
    member.save()
    audit.record(actor=actor, event=Event.MEMBER_UPDATED, obj=member, before=before, after=audit.snapshot(member))
    records_changed(organization=member.organization, topic=Topic.MEMBERS)
    return member


def _apply_event(member: Member, kind: str, happened_on: datetime.date, extension_months: int | None) -> None:
    """Change the member's category or status for a dated event, refusing events that do not fit the record."""
    active = member.record_status == RecordStatus.ACTIVE
    if not active:
        raise ValidationError(f"该党员当前为“{member.get_record_status_display()}”，不能再登记状态变动")
    if happened_on < member.joined_on:
        raise ValidationError({"happened_on": "变动日期不能早于入党日期"})
    if kind in (EventKind.BECOME_FULL, EventKind.EXTEND_PROBATION, EventKind.CANCEL_PROBATION):
        if member.category != Category.PROBATIONARY:
            raise ValidationError({"kind": "只有预备党员可以办理转正、延长预备期或取消预备党员资格"})
    if kind == EventKind.BECOME_FULL:
        expected = expected_full_member_on(member.joined_on, member.probation_extension_months)
        if happened_on != expected:
            raise ValidationError(
                {"happened_on": f"转正日期应为预备期满之日 {expected:%Y-%m-%d}（党章第七条），请核对"}
            )
        member.category, member.full_member_on = Category.FULL, happened_on
    elif kind == EventKind.EXTEND_PROBATION:
        if member.probation_extension_months:
            raise ValidationError({"kind": "预备期只能延长一次"})
        if extension_months is None or not 6 <= extension_months <= 12:
            raise ValidationError({"extension_months": "延长预备期应为6至12个月"})
        member.probation_extension_months = extension_months
    elif kind == EventKind.CANCEL_PROBATION:
        member.record_status = RecordStatus.LEFT
    elif kind == EventKind.SUSPEND:
        if member.party_status == PartyStatus.SUSPENDED:
            raise ValidationError({"kind": "该党员已停止党籍"})
        member.party_status = PartyStatus.SUSPENDED
    elif kind == EventKind.RESTORE:
        if member.party_status != PartyStatus.SUSPENDED:
            raise ValidationError({"kind": "只有停止党籍的党员可以恢复党籍"})
        member.party_status = PartyStatus.NORMAL
    elif kind == EventKind.LEAVE:
        member.record_status = RecordStatus.LEFT
    elif kind == EventKind.DEATH:
        member.record_status = RecordStatus.DECEASED


@transaction.atomic
def record_event(
    *,
    actor,
    member: Member,
    kind: str,
    happened_on: datetime.date,
    extension_months: int | None = None,
    leave_manner: str = "",
    document_number: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> MemberEvent:
    require(actor, CHANGE, member)
    member = lock_member(member, expected_version)
    if kind not in EventKind.values:
        raise ValidationError({"kind": "请选择变动事项"})
    require_past_date(happened_on, "happened_on", "变动日期")
    if kind == EventKind.LEAVE and not leave_manner:
        raise ValidationError({"leave_manner": "出党须选择方式（开除党籍、除名、退党或自行脱党）"})
    before = audit.snapshot(member)
    _apply_event(member, kind, happened_on, extension_months)
    member.version += 1
    member.save()
    if member.record_status != RecordStatus.ACTIVE:
        Affiliation.objects.filter(member=member, ended_on__isnull=True).update(ended_on=happened_on)
    event = MemberEvent.objects.create(
        member=member,
        kind=kind,
        happened_on=happened_on,
        extension_months=extension_months,
        leave_manner=leave_manner if kind == EventKind.LEAVE else "",
        document_number=document_number,
        note=note,
        organization=member.organization,
    )
    audit.record(
        actor=actor,
        event=Event.MEMBER_EVENT_RECORDED,
        obj=member,
        before=before,
        after=audit.snapshot(member),
        extra={"event": kind, "happened_on": happened_on},
    )
    records_changed(organization=member.organization, topic=Topic.MEMBERS)
    return event


@transaction.atomic
def set_photo(*, actor, member: Member, upload) -> Member:
    """A photo goes through the upload service (checked by content, re-encoded without EXIF)."""
    require(actor, CHANGE, member)
    member = lock_member(member, None)
    before = audit.snapshot(member)
    attachment = store_upload(actor=actor, organization=member.organization, purpose="member.photo", upload=upload)
    if not attachment.content_type.startswith("image/"):
        raise ValidationError({"file": "照片须为图片（JPG、PNG）"})
    member.photo = attachment
    member.save(update_fields=["photo", "updated_at"])
    audit.record(actor=actor, event=Event.MEMBER_PHOTO_CHANGED, obj=member, before=before, after=audit.snapshot(member))
    return member
