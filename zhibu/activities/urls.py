from django.urls import path

from zhibu.activities import attendance_views, talk_views, views

app_name = "activities"
urlpatterns = [
    path("", views.ActivityList.as_view(), name="list"),
    path("new/", views.ActivityPlan.as_view(), name="plan"),
    path("<id:pk>/", views.ActivityDetail.as_view(), name="detail"),
    path("<id:pk>/reschedule/", views.ActivityReschedule.as_view(), name="reschedule"),
    path("<id:pk>/held/", views.activity_held, name="held"),
    path("<id:pk>/attendance/", attendance_views.activity_attendance, name="attendance"),
    path("<id:pk>/vote/", views.activity_vote, name="vote"),
    path("<id:pk>/resolution/", views.activity_resolution, name="resolution"),
    path("<id:pk>/minutes/", views.activity_minutes, name="minutes"),
    path("<id:pk>/sign/", views.activity_sign, name="sign"),
    path("<id:pk>/cancel/", views.activity_cancel, name="cancel"),
    path("<id:pk>/amend/", views.activity_amend, name="amend"),
    path("<id:pk>/makeup/", views.activity_makeup, name="makeup"),
    path("<id:pk>/evidence/", views.activity_evidence, name="evidence"),
    path("<id:pk>/qrcode/", attendance_views.activity_qrcode, name="qrcode"),
    path("checkin/<str:token>/", attendance_views.checkin, name="checkin"),
    path("people/", views.people, name="people"),
    path("year-plan/", views.year_plan_page, name="year_plan"),
    path("digest/", views.digest, name="digest"),
    path("kinds/", views.ActivityKinds.as_view(), name="kinds"),
    path("kinds/<id:pk>/", views.ActivityKindEdit.as_view(), name="kind_edit"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/link/", views.calendar_link, name="calendar_link"),
    path("ical/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("talks/", talk_views.talk_page, name="talks"),
    path("appraisals/", talk_views.appraisal_page, name="appraisals"),
    path("resolutions/", views.ResolutionList.as_view(), name="resolutions"),
    path("resolutions/<id:pk>/complete/", views.ResolutionComplete.as_view(), name="resolution_complete"),
]
