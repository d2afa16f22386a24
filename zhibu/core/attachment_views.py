from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from zhibu.core.models import Attachment
from zhibu.core.routes import scoped


def serve(item: Attachment) -> FileResponse:
    """The stored file of an attachment the caller has already checked the user may read."""
    path = Path(settings.MEDIA_ROOT) / "attachments" / item.stored_name
    if not path.is_file():
        raise Http404("文件不存在")
    inline = item.content_type.startswith("image/") or item.content_type == "application/pdf"
    response = FileResponse(
        path.open("rb"), content_type=item.content_type, as_attachment=not inline, filename=item.original_name
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@scoped(Attachment, name="item")
def attachment(request: HttpRequest, item: Attachment) -> FileResponse:
    """Files are never served from a public folder: every download checks scope, like any other record."""
    return serve(item)
