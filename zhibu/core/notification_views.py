from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.models import Notification
from zhibu.core.notify import mark_all_read, mark_read
from zhibu.core.routes import collection, scoped, unscoped
from zhibu.core.views import paginate


@login_required
@collection(Notification)
def notification_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, Notification.objects.visible_to(request.user), per_page=50)
    return render(request, "core/notifications.html", {"page": page, "query": query})


@login_required
@require_POST
@unscoped("marks all of one's own notifications read (filtered on the user): no organisation's record")
def notifications_read(request: HttpRequest) -> HttpResponseRedirect:
    mark_all_read(request.user)  # type: ignore[arg-type]  # login_required: never the anonymous user
    return redirect("notifications")


@login_required
@require_POST
@scoped(Notification)
def notification_read(request: HttpRequest, notification: Notification) -> HttpResponseRedirect:
    """One notification read, the others left as they are. Only the user's own: another's id is a 404, like any
    record out of scope."""
    mark_read(request.user, notification.pk)  # type: ignore[arg-type]  # login_required: never the anonymous user
    return redirect("notifications")
