"""The notices part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages; the read receipt by the member it is addressed to."""

import uuid

from django.test import Client
from django.utils import timezone

from zhibu.notices.models import Notice


def do_notice_events(tree, admin, member_user, did) -> None:
    today = timezone.localdate()
    form = {
        "organization": tree.a1.pk,
        "title": "审计公开事项",
        "category": "organization",
        "body": "审计公开正文",
        "publish_from": today.isoformat(),
        "publish_until": "",
    }
    did("notice.created", action=lambda: admin.post("/notices/new/", {**form, "submission_key": uuid.uuid4().hex}))
    made = Notice.objects.get(title="审计公开事项")
    edit = {k: v for k, v in form.items() if k != "organization"}
    did(
        "notice.updated", action=lambda: admin.post(f"/notices/{made.pk}/edit/", {**edit, "body": "审计公开正文（改）"})
    )
    did("notice.published", action=lambda: admin.post(f"/notices/{made.pk}/publish/"))
    member = Client()
    member.force_login(member_user)
    did("notice.read", action=lambda: member.get(f"/me/public/{made.pk}/"))
    did("notice.withdrawn", action=lambda: admin.post(f"/notices/{made.pk}/withdraw/", {"reason": "审计撤回"}))
    did("notice.exported", action=lambda: admin.get("/notices/export/"))
