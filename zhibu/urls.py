from django.urls import include, path, register_converter

from zhibu.core import attachment_views, audit_views, notification_views
from zhibu.core.converters import IdConverter
from zhibu.ops.views import health_view

register_converter(IdConverter, "id")

urlpatterns = [
    path("", include("zhibu.dashboards.urls")),
    path("accounts/", include("zhibu.accounts.urls")),
    path("inbox/", include("zhibu.inbox.urls")),
    path("organizations/", include("zhibu.organizations.urls")),
    path("committees/", include("zhibu.committees.urls")),
    path("members/", include("zhibu.members.urls")),
    path("recruitment/", include("zhibu.recruitment.urls")),
    path("worklog/", include("zhibu.worklog.urls")),
    path("complaints/", include("zhibu.complaints.urls")),
    path("care/", include("zhibu.care.urls")),
    path("notices/", include("zhibu.notices.urls")),
    path("reporting/", include("zhibu.reporting.urls")),
    path("integrity/", include("zhibu.integrity.urls")),
    path("leadership/", include("zhibu.leadership.urls")),
    path("service/", include("zhibu.service.urls")),
    path("awards/", include("zhibu.awards.urls")),
    path("branding/", include("zhibu.branding.urls")),
    path("secretary-reviews/", include("zhibu.secretary_reviews.urls")),
    path("staff-reviews/", include("zhibu.staff_reviews.urls")),
    path("training/", include("zhibu.training.urls")),
    path("study/", include("zhibu.study.urls")),
    path("quizzes/", include("zhibu.quizzes.urls")),
    path("ops/", include("zhibu.ops.urls")),
    path("health/", health_view, name="health"),
    path("activities/", include("zhibu.activities.urls")),
    path("standards/", include("zhibu.standards.urls")),
    path("inspections/", include("zhibu.inspections.urls")),
    path("ratings/", include("zhibu.ratings.urls")),
    path("ledgers/", include("zhibu.ledgers.urls")),
    path("dues/", include("zhibu.dues.urls")),
    path("me/", include("zhibu.mine.urls")),
    path("workdays/", include("zhibu.workdays.urls")),
    path("api/v1/", include("zhibu.api_urls")),
    path("files/<id:pk>/", attachment_views.attachment, name="attachment"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/read/", notification_views.notifications_read, name="notifications_read"),
    path("notifications/<id:pk>/read/", notification_views.notification_read, name="notification_read"),
    path("audit/", audit_views.AuditList.as_view(), name="audit_list"),
    path("audit/export/", audit_views.AuditExport.as_view(), name="audit_export"),
]

handler400 = "zhibu.core.views.bad_request"
handler403 = "zhibu.core.views.forbidden"
handler404 = "zhibu.core.views.not_found"
handler500 = "zhibu.core.views.server_error"
