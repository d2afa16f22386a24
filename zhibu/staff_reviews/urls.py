from django.urls import path

from zhibu.staff_reviews import views

app_name = "staff_reviews"
urlpatterns = [
    path("", views.RoundList.as_view(), name="rounds"),
    path("export/", views.RoundExport.as_view(), name="rounds_export"),
    path("new/", views.RoundCreate.as_view(), name="round_create"),
    path("<id:pk>/", views.RoundDetail.as_view(), name="round"),
    path("<id:pk>/score/", views.RoundScore.as_view(), name="score"),
    path("<id:pk>/raters/new/", views.RaterInvite.as_view(), name="rater_invite"),
    path("people/", views.SubjectList.as_view(), name="subjects"),
    path("people/export/", views.SubjectExport.as_view(), name="subjects_export"),
    path("people/<id:pk>/", views.SubjectDetail.as_view(), name="subject"),
    path("ballots/", views.ballots, name="ballots"),
]
