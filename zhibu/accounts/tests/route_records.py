"""Records for the route test (``zhibu/core/tests/test_routes.py``): one belonging to branch A1's people, one to B1's.

The platform's own models (notifications, attachments) are built here too: ``zhibu/core/tests/route_records.py`` is
the collector and gathers builders from the other apps only."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhibu.accounts import services
from zhibu.core.models import Notification
from zhibu.core.notify import notify
from zhibu.core.uploads import store_upload
from zhibu.testing import SETUP

# A token or a notification belongs to a person, not to an organisation: A1's record is one of A1's people's.
OWNERS = {"a1": "支部书记A1", "b1": "支部书记B1"}


def _tokens(tree, personas):
    return {
        key: services.issue_token(actor=personas[owner], name=f"对接{key}", scope="read", days=90)[0]
        for key, owner in OWNERS.items()
    }


def _notifications(tree, personas):
    made = {}
    for key, owner in {"a1": "党员A1", "b1": "支部书记B1"}.items():
        notify([personas[owner]], f"会议通知{key}", actor=SETUP)
        made[key] = Notification.objects.filter(user=personas[owner]).latest("id")
    return made


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _attachments(tree, personas):
    return {
        key: store_upload(
            actor=SETUP,
            organization=getattr(tree, key),
            purpose="route_test",
            upload=SimpleUploadedFile(f"{key}.png", _png(), content_type="image/png"),
        )
        for key in ("a1", "b1")
    }


RECORD_BUILDERS = {
    "accounts.apitoken": _tokens,
    "core.notification": _notifications,
    "core.attachment": _attachments,
}
