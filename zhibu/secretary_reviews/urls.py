from django.urls import path

from zhibu.secretary_reviews import views

app_name = "secretary_reviews"
urlpatterns = [
    path("", views.RoundList.as_view(), name="rounds"),
    path("export/", views.RoundExport.as_view(), name="rounds_export"),
    path("new/", views.RoundCreate.as_view(), name="round_create"),
    path("<id:pk>/", views.RoundDetail.as_view(), name="round"),
    path("<id:pk>/advance/", views.RoundAdvance.as_view(), name="advance"),
    path("<id:pk>/raters/new/", views.RaterInvite.as_view(), name="rater_invite"),
    path("reports/", views.ReportList.as_view(), name="reports"),
    path("reports/export/", views.ReportExport.as_view(), name="reports_export"),
    path("reports/new/", views.ReportCreate.as_view(), name="report_create"),
    path("reports/<id:pk>/", views.ReportDetail.as_view(), name="report"),
    path("reports/<id:pk>/critique/", views.CritiqueWrite.as_view(), name="critique"),
    path("reports/<id:pk>/items/new/", views.ItemRaise.as_view(), name="item_raise"),
    path("ballots/", views.ballots, name="ballots"),
]
