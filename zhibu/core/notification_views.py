from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.models import Notification
from zhibu.core.notify import mark_all_read, mark_read
from zhibu.core.views import paginate


@login_required
def notification_list(request):
    page, query = paginate(request, Notification.objects.visible_to(request.user), per_page=50)
    return render(request, "core/notifications.html", {"page": page, "query": query})


@login_required
@require_POST
def notifications_read(request):
    mark_all_read(request.user)
    return redirect("notifications")


@login_required
@require_POST
def notification_read(request, pk):
    """One notification read, the others left as they are (only the user's own: another's id changes nothing)."""
    mark_read(request.user, pk)
    return redirect("notifications")
