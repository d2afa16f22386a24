"""Builders for the notices tests, through the services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhibu.notices import services
from zhibu.testing import SETUP, blank_pdf


def notice(organization, *, title="关于支部委员分工的公开", publish=True, attach=False, days=30, **fields):
    today = timezone.localdate()
    made = services.create_notice(
        actor=SETUP,
        organization=organization,
        title=title,
        body=fields.pop("body", "支部委员会分工如下。\n\n书记：张某；组织委员：李某。"),
        category=fields.pop("category", "organization"),
        publish_from=fields.pop("publish_from", today),
        publish_until=fields.pop("publish_until", today + datetime.timedelta(days=days)),
        attachments=[SimpleUploadedFile("分工.pdf", blank_pdf(), content_type="application/pdf")] if attach else [],
        **fields,
    )
    return services.publish_notice(actor=SETUP, notice=made) if publish else made
