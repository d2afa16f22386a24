from django.urls import path

from zhibu.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sheet/", views.sheet_page, name="sheet"),
    path("verdicts/<id:pk>/", views.VerdictDetail.as_view(), name="verdict"),
    path("notes/", views.notes_page, name="notes"),
    path("notes/<id:pk>/review/", views.note_review, name="note_review"),
    path("parameters/", views.Overrides.as_view(), name="overrides"),
    path("parameters/<id:pk>/delete/", views.override_delete, name="override_delete"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
]
