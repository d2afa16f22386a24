from django.urls import path

from zhibu.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.year_page, name="year"),
    path("export/", views.export, name="export"),
    path("add/", views.add, name="add"),
    path("confirm/", views.confirm, name="confirm"),
    path("<id:pk>/remove/", views.remove, name="remove"),
]
