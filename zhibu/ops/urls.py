from django.urls import path

from zhibu.ops import views

app_name = "ops"

urlpatterns = [
    path("jobs/", views.JobList.as_view(), name="jobs"),
    path("jobs/export/", views.JobExport.as_view(), name="jobs_export"),
    path("jobs/<id:pk>/", views.JobRunDetail.as_view(), name="run"),
]
