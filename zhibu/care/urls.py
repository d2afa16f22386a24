from django.urls import path

from zhibu.care import views

app_name = "care"
urlpatterns = [
    path("", views.CaseList.as_view(), name="list"),
    path("export/", views.CaseExport.as_view(), name="export"),
    path("new/", views.CaseCreate.as_view(), name="create"),
    path("<id:pk>/", views.CaseDetail.as_view(), name="detail"),
    path("<id:pk>/edit/", views.CaseEdit.as_view(), name="edit"),
    path("<id:pk>/visits/new/", views.VisitCreate.as_view(), name="visit_create"),
    path("visits/", views.VisitList.as_view(), name="visits"),
    path("visits/export/", views.VisitExport.as_view(), name="visits_export"),
]
