import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError, Value
from django.db.models.functions import Concat, Substr

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict, assign, require_past_date, save_audited
from zhibu.organizations.hooks import dissolve_blockers
from zhibu.organizations.models import ALLOWED_PARENTS, PATH_SEGMENT_WIDTH, Organization, OrganizationKind, Unit

ORGANIZATION_FIELDS = ("name", "short_name", "kind", "code", "parent", "founded_on", "sort_order", "note")
UNIT_FIELDS = ("name", "code", "staff_headcount", "party_staff", "note")


def _check_placement(kind: str, parent: Organization | None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        label = OrganizationKind(kind).label
        if parent is None:
            raise ValidationError({"parent": f"{label}必须有上级组织，请选择上级组织"})
        names = "、".join(OrganizationKind(k).label for k in allowed if k) or "无"
        raise ValidationError({"parent": f"{label}不能设在{parent.get_kind_display()}之下；上级应为：{names}"})
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": f"上级组织“{parent}”已{parent.get_status_display()}，不能在其下设立组织"})


def _require_parent_rights(actor, parent: Organization | None) -> None:
    if parent is None:
        if not actor.is_platform_admin:
            raise PermissionDenied("只有工委管理员可以建立顶级组织")
    else:
        require(actor, CHANGE, parent)


@transaction.atomic
def create_organization(*, actor, parent: Organization | None, units=(), **fields) -> Organization:
    _require_parent_rights(actor, parent)
    organization = Organization(parent=parent, **fields)
    _check_placement(organization.kind, parent)
    require_past_date(organization.founded_on, "founded_on", "成立日期")
    same = Organization.objects.filter(code=organization.code).first()
    if same is not None:
        raise Conflict({"code": f"组织代码{organization.code}已存在，请换一个"}, existing=same)
    organization.path = f"new-{uuid.uuid4().hex}"  # replaced once the id is known
    organization.full_clean(exclude=["path"])
    organization.save()
    prefix = parent.path if parent else ""
    organization.path = f"{prefix}{organization.pk:0{PATH_SEGMENT_WIDTH}d}."
    organization.depth = organization.path.count(".")
    organization.save(update_fields=["path", "depth"])
    if units:
        organization.units.set(units)
    audit.record(
        actor=actor, event=Event.ORGANIZATION_CREATED, obj=organization, before=None, after=_snapshot(organization)
    )
    records_changed(organization=organization, topic=Topic.ORGANIZATIONS)
    return organization


def _snapshot(organization: Organization) -> dict:
    data = audit.snapshot(organization)
    data["units"] = sorted(organization.units.values_list("pk", flat=True))
    return data


@transaction.atomic
def update_organization(*, actor, organization: Organization, units=None, **changes) -> Organization:
    require(actor, CHANGE, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = _snapshot(organization)
    old_parent, old_path = organization.parent, organization.path
    changed = assign(organization, changes, ORGANIZATION_FIELDS)
    if "parent" in changed or "kind" in changed:
        new_parent = organization.parent
        if "parent" in changed:
            _require_parent_rights(actor, new_parent)
            if new_parent is not None and new_parent.path.startswith(old_path):
                raise ValidationError({"parent": "不能把组织移到它自己或它的下级组织之下"})
        _check_placement(organization.kind, new_parent)
        for child in organization.children.all():
            if organization.kind not in ALLOWED_PARENTS[child.kind]:
                raise ValidationError(
                    {
                        "kind": f"下级组织“{child}”（{child.get_kind_display()}）不能设在{organization.get_kind_display()}之下"
                    }
                )
    require_past_date(organization.founded_on, "founded_on", "成立日期")
    organization.full_clean(exclude=["path"])
    organization.save()
    if units is not None:
        organization.units.set(units)
    if organization.parent != old_parent:
        _move_subtree(organization, old_path)
    audit.record(
        actor=actor, event=Event.ORGANIZATION_UPDATED, obj=organization, before=before, after=_snapshot(organization)
    )
    records_changed(organization=organization, topic=Topic.ORGANIZATIONS)
    return organization


def _move_subtree(organization: Organization, old_path: str) -> None:
    """Rewrite the paths of the whole subtree in one statement."""
    prefix = organization.parent.path if organization.parent else ""
    new_path = f"{prefix}{organization.pk:0{PATH_SEGMENT_WIDTH}d}."
    delta = new_path.count(".") - old_path.count(".")
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + delta
    )
    organization.refresh_from_db(fields=["path", "depth"])


@transaction.atomic
def change_status(
    *, actor, organization: Organization, status: str, on: datetime.date, merged_into: Organization | None = None
) -> Organization:
    require(actor, CHANGE, organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = _snapshot(organization)
    if status not in Organization.Status.values:
        raise ValidationError({"status": "状态无效"})
    require_past_date(on, "status_changed_on", "变更日期")
    if on < organization.founded_on:
        raise ValidationError({"status_changed_on": "变更日期不能早于成立日期"})
    if status == Organization.Status.MERGED:
        if merged_into is None:
            raise ValidationError({"merged_into": "合并时必须选择并入的组织"})
        require(actor, CHANGE, merged_into)
        if merged_into.pk == organization.pk or merged_into.path.startswith(organization.path):
            raise ValidationError({"merged_into": "不能并入自身或自己的下级组织"})
    else:
        merged_into = None
    if status != Organization.Status.ACTIVE:
        open_children = organization.children.filter(status=Organization.Status.ACTIVE).count()
        reasons = dissolve_blockers(organization)
        if open_children:
            reasons.insert(0, f"仍有{open_children}个正常状态的下级组织，请先撤销或调整")
        if reasons:
            raise ValidationError({"status": "；".join(reasons)})
    organization.status, organization.status_changed_on, organization.merged_into = status, on, merged_into
    organization.save(update_fields=["status", "status_changed_on", "merged_into", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.ORGANIZATION_STATUS_CHANGED,
        obj=organization,
        before=before,
        after=_snapshot(organization),
    )
    records_changed(organization=organization, topic=Topic.ORGANIZATIONS)
    return organization


@transaction.atomic
def delete_organization(*, actor, organization: Organization) -> None:
    """Only an organisation created by mistake, with no records at all, can be deleted."""
    require(actor, CHANGE, organization)
    before = _snapshot(organization)
    parent = organization.parent
    if organization.children.exists():
        raise ValidationError("该组织有下级组织，不能删除")
    try:
        with transaction.atomic():
            organization.units.clear()
            organization.delete()
    except ProtectedError:
        raise ValidationError(
            "该组织已有党员、届次或授权等记录，不能删除；如组织已撤销，请将状态改为“已撤销”"
        ) from None
    audit.record(
        actor=actor,
        event=Event.ORGANIZATION_DELETED,
        organization=parent,
        before=before,
        after=None,
        object_repr=before["name"],
    )


@transaction.atomic
def create_unit(*, actor, owner: Organization, **fields) -> Unit:
    require(actor, CHANGE, owner)
    unit = Unit(owner=owner, **fields)
    same = Unit.objects.filter(code=unit.code).first() if unit.code else None
    if same is not None:
        raise Conflict({"code": f"单位代码{unit.code}已存在，请换一个"}, existing=same)
    return save_audited(actor=actor, instance=unit, event=Event.UNIT_CREATED, before=None)


@transaction.atomic
def update_unit(*, actor, unit: Unit, **changes) -> Unit:
    require(actor, CHANGE, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit)
    assign(unit, changes, UNIT_FIELDS)
    unit = save_audited(actor=actor, instance=unit, event=Event.UNIT_UPDATED, before=before)
    records_changed(organizations=list(unit.organizations.all()), topic=Topic.UNITS)
    return unit
