from django.urls import path

from zhibu.recruitment import import_views, views

app_name = "recruitment"
urlpatterns = [
    path("", views.RecruitList.as_view(), name="list"),
    path("export/", views.RecruitExport.as_view(), name="export"),
    path("board/", views.RecruitBoard.as_view(), name="board"),
    path("new/", views.RecruitCreate.as_view(), name="create"),
    path("<id:pk>/", views.RecruitDetail.as_view(), name="detail"),
    path("<id:pk>/steps/new/", views.StepCreate.as_view(), name="step_create"),
    path("<id:pk>/stop/", views.RecruitStop.as_view(), name="stop"),
    path("steps/<id:pk>/evidence/", views.StepEvidence.as_view(), name="step_evidence"),
    path("import/", import_views.import_file, name="import"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/template/", import_views.import_template, name="import_template"),
]
