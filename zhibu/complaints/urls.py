from django.urls import path

from zhibu.complaints import public_views, stats_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.ComplaintList.as_view(), name="list"),
    path("export/", views.ComplaintExport.as_view(), name="export"),
    path("<id:pk>/", views.ComplaintDetail.as_view(), name="detail"),
    path("<id:pk>/steps/new/", views.StepCreate.as_view(), name="step_create"),
    path("<id:pk>/refusal/new/", views.RefusalCreate.as_view(), name="refusal_create"),
    path("<id:pk>/rectification/", views.RectificationLink.as_view(), name="rectification_link"),
    path("<id:pk>/rectification/new/", views.RectificationOpen.as_view(), name="rectification_open"),
    path("<id:pk>/return-visit/new/", views.ReturnVisitCreate.as_view(), name="return_visit_create"),
    path("return-visits/", views.ReturnVisitList.as_view(), name="return_visits"),
    path("return-visits/export/", views.ReturnVisitExport.as_view(), name="return_visit_export"),
    path("refusals/<id:pk>/review/", views.RefusalReview.as_view(), name="refusal_review"),
    path("refusals/<id:pk>/decide/", views.RefusalClose.as_view(), name="refusal_close"),
    path("statistics/", stats_views.statistics, name="statistics"),
    path("intake-points/", views.IntakePointList.as_view(), name="intake_points"),
    path("intake-points/export/", views.IntakePointExport.as_view(), name="intake_export"),
    path("intake-points/new/", views.IntakePointCreate.as_view(), name="intake_create"),
    path("intake-points/<id:pk>/", views.Poster.as_view(), name="poster"),
    path("intake-points/<id:pk>/edit/", views.IntakePointEdit.as_view(), name="intake_edit"),
    path("kinds/", views.KindSettings.as_view(), name="kinds"),
    path("kinds/<id:pk>/", views.KindEdit.as_view(), name="kind_edit"),
    # The public side: the only routes of zhibu open without an account.
    path("public/<str:token>/", public_views.public_form, name="public_form"),
    path("track/", public_views.lookup, name="lookup"),
    path("summary/", stats_views.public_summary, name="public_summary"),
    path("track/<str:code>/", public_views.track, name="track"),
]
