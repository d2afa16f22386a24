from django.urls import path

from zhibu.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("export/", views.organization_export, name="export"),
    path("new/", views.organization_create, name="create"),
    path("scope/", views.switch_scope, name="switch_scope"),
    path("<id:pk>/", views.organization_detail, name="detail"),
    path("<id:pk>/edit/", views.organization_update, name="update"),
    path("<id:pk>/status/", views.organization_status, name="status"),
    path("<id:pk>/delete/", views.organization_delete, name="delete"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<id:pk>/edit/", views.unit_update, name="unit_update"),
]
