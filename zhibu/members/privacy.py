"""Personal-data rights (PIPL): revealing full values with a reason, restricting a record whose erasure was asked
for while party rules still require it, and purging it when the retention period ends. Every step is audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.masking import mask_address, mask_id_number, mask_phone
from zhibu.core.scoping import CHANGE, VIEW, require
from zhibu.members.models import Member

REVEALABLE = {"id_number": "公民身份号码", "mobile": "手机号码", "landline": "固定电话", "address": "家庭住址"}
PURGED_NAME = "（个人信息已清除）"


def masked_values(member: Member) -> dict[str, str]:
    return {
        "id_number": mask_id_number(member.id_number),
        "mobile": mask_phone(member.mobile),
        "landline": mask_phone(member.landline),
        "address": mask_address(member.address),
    }


@transaction.atomic
def reveal(*, actor, member: Member, reason: str) -> dict[str, str]:
    """The full values, for a user holding the reveal right on the member's organisation, with a stated reason."""
    require(actor, VIEW, member)
    if not getattr(actor, "may_reveal", lambda path: False)(member.organization.path):
        raise PermissionDenied("您没有查看完整敏感信息的权限，请联系管理员授权")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": "请说明查看理由（至少4个字），例如“核对组织关系转接信息”"})
    audit.record(
        actor=actor, event=Event.MEMBER_REVEALED, obj=member, extra={"fields": list(REVEALABLE), "reason": reason[:200]}
    )
    return {field: getattr(member, field) for field in REVEALABLE}


@transaction.atomic
def restrict(*, actor, member: Member, reason: str, retain_until: datetime.date) -> Member:
    require(actor, CHANGE, member)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.restricted_at is not None:
        raise ValidationError("该记录已处于限制处理状态")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写限制处理的依据（如本人删除请求的日期和编号）"})
    if retain_until is None or retain_until <= timezone.localdate():
        raise ValidationError({"retain_until": "保存期限应晚于今天（按党员档案保存规定填写）"})
    before = audit.snapshot(member)
    member.restricted_at = timezone.now()
    member.restriction_reason = reason.strip()[:200]
    member.retain_until = retain_until
    member.save(update_fields=["restricted_at", "restriction_reason", "retain_until", "updated_at"])
    audit.record(actor=actor, event=Event.MEMBER_RESTRICTED, obj=member, before=before, after=audit.snapshot(member))
    # The rules that name members leave a restricted record out: their verdicts are judged again without it.
    for topic in (Topic.MEMBERS, Topic.DUES):
        records_changed(organization=member.organization, topic=topic)
    return member


def purge_due(*, actor, today: datetime.date | None = None) -> int:
    """Clear the personal data of restricted records whose retention has ended; the record shell stays so that
    meetings, transfers and ledgers that refer to it still add up."""
    today = today or timezone.localdate()
    due = Member.objects.filter(restricted_at__isnull=False, purged_at__isnull=True, retain_until__lt=today)
    count = 0
    for member_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            member = Member.objects.select_for_update().get(pk=member_id)
            before = audit.snapshot(member)
            member.name, member.name_initials = PURGED_NAME, ""
            member.id_number, member.mobile, member.landline, member.address = "", "", "", ""
            member.id_number_index, member.id_tail = f"purged:{member.pk}", ""
            member.birth_date = member.birth_date.replace(month=1, day=1)
            member.employer = member.employer_position = member.sponsors = member.note = ""
            member.mobile_destination = ""
            member.purged_at = timezone.now()
            member.save()
            audit.record(
                actor=actor, event=Event.MEMBER_PURGED, obj=member, before=before, after=audit.snapshot(member)
            )
            count += 1
    return count
