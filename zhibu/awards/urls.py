from django.urls import path

from zhibu.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.NominationList.as_view(), name="list"),
    path("export/", views.NominationExport.as_view(), name="export"),
    path("new/", views.NominationCreate.as_view(), name="create"),
    path("<id:pk>/", views.NominationDetail.as_view(), name="detail"),
    path("<id:pk>/step/", views.StepRecord.as_view(), name="step"),
    path("<id:pk>/objections/new/", views.ObjectionCreate.as_view(), name="objection_create"),
    path("objections/", views.ObjectionList.as_view(), name="objections"),
    path("objections/export/", views.ObjectionExport.as_view(), name="objections_export"),
    path("objections/<id:pk>/answer/", views.ObjectionAnswer.as_view(), name="objection_answer"),
    path("rounds/", views.RoundList.as_view(), name="rounds"),
    path("rounds/export/", views.RoundExport.as_view(), name="rounds_export"),
    path("rounds/new/", views.RoundCreate.as_view(), name="round_create"),
    path("rounds/<id:pk>/", views.RoundDetail.as_view(), name="round"),
    path("rounds/<id:pk>/publicity/", views.RoundPublicity.as_view(), name="round_publicity"),
    path("honours/", views.HonourList.as_view(), name="honours"),
    path("honours/export/", views.HonourExport.as_view(), name="honours_export"),
]
