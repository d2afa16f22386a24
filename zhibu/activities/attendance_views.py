"""The attendance form and QR check-in."""

import datetime

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.activities import services
from zhibu.activities.attendance import AttendanceConflict, AttendanceRefused
from zhibu.activities.forms import attendance_sheet, parse_attendance
from zhibu.activities.models import Activity
from zhibu.activities.views import back_to, detail_context
from zhibu.core.routes import scoped, unscoped
from zhibu.core.scoping import CHANGE
from zhibu.core.views import attempt


@login_required
@require_POST
@scoped(Activity, CHANGE, queryset=lambda: Activity.objects.select_related("kind", "organization", "host"))
def activity_attendance(request, activity):
    """Saves the rows the user changed. A refused save shows the page again with the user's input kept."""
    rest_absent = request.POST.get("rest_absent") == "1"
    conflicts, problems = [], {}
    try:
        count = services.record_attendance(
            actor=request.user, activity=activity, entries=parse_attendance(request.POST), rest_absent=rest_absent
        )
    except AttendanceConflict as error:
        errors, conflicts = error.messages, error.member_ids
    except AttendanceRefused as error:
        errors, problems = error.messages, error.notes
    except ValidationError as error:
        errors = error.messages
    else:
        messages.success(request, f"出席情况已保存，{count}人有变动" if count else "出席情况没有变动，无需保存")
        return back_to(activity, "attendance")
    messages.error(request, "出席情况未保存：" + "；".join(errors))
    activity.refresh_from_db()
    context = detail_context(request, activity)
    context["sheet"] = attendance_sheet(context["attendance"], request.POST, conflicts, problems)
    context["attendance_errors"] = errors
    return render(request, "activities/activity_detail.html", context)


@login_required
@scoped(Activity, CHANGE, queryset=lambda: Activity.objects.select_related("kind"))
def activity_qrcode(request, activity):
    """The host's screen: a check-in code valid for a few minutes, refreshed by the page itself."""
    token, errors = attempt(services.checkin_token, actor=request.user, activity=activity)
    if errors:
        messages.error(request, "；".join(errors))
        return redirect(activity)
    link = request.build_absolute_uri(reverse("activities:checkin", args=[token]))
    return render(
        request,
        "activities/qrcode.html",
        {
            "activity": activity,
            "qr": segno.make(link, error="m").svg_data_uri(scale=6, border=2),
            "link": link,
            "expires": timezone.localtime() + datetime.timedelta(minutes=settings.CHECKIN_MINUTES),
            "refresh_seconds": max(settings.CHECKIN_MINUTES * 60 - 60, 30),
            "counts": services.attendance_counts(activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@unscoped("a member checks themselves in with the short-lived token from the host's screen; the service checks both")
def checkin(request, token):
    """What a member sees after scanning, on a phone: the meeting named (what, when, where) and one button; an
    expired code or a person not on the expected list is told so before tapping."""
    if request.method == "POST":
        done, errors = attempt(services.check_in, actor=request.user, token=token)
        return render(request, "activities/checkin.html", {"done": done, "errors": errors})
    row, errors = attempt(services.checkin_preview, actor=request.user, token=token)
    return render(request, "activities/checkin.html", {"row": row, "errors": errors})
