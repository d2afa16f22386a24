from django.urls import path

from zhibu.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationList.as_view(), name="list"),
    path("export/", views.OrganizationExport.as_view(), name="export"),
    path("new/", views.OrganizationCreate.as_view(), name="create"),
    path("scope/", views.switch_scope, name="switch_scope"),
    path("<id:pk>/", views.OrganizationDetail.as_view(), name="detail"),
    path("<id:pk>/edit/", views.OrganizationUpdate.as_view(), name="update"),
    path("<id:pk>/status/", views.OrganizationStatus.as_view(), name="status"),
    path("<id:pk>/delete/", views.organization_delete, name="delete"),
    path("units/", views.UnitList.as_view(), name="unit_list"),
    path("units/export/", views.UnitExport.as_view(), name="unit_export"),
    path("units/new/", views.UnitCreate.as_view(), name="unit_create"),
    path("units/<id:pk>/edit/", views.UnitUpdate.as_view(), name="unit_update"),
]
