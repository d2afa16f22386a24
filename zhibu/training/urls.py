from django.urls import path

from zhibu.training import views

app_name = "training"
urlpatterns = [
    path("", views.hours_report, name="hours"),
    path("people/<id:pk>/", views.person, name="person"),
    path("classes/", views.ClassList.as_view(), name="classes"),
    path("classes/export/", views.ClassExport.as_view(), name="class_export"),
    path("classes/new/", views.ClassCreate.as_view(), name="class_create"),
    path("classes/<id:pk>/", views.ClassDetail.as_view(), name="class_detail"),
    path("classes/<id:pk>/sessions/new/", views.SessionCreate.as_view(), name="session_create"),
    path("classes/<id:pk>/roster/", views.Enroll.as_view(), name="enroll"),
    path("sessions/<id:pk>/attendance/", views.SessionAttendanceView.as_view(), name="attendance"),
    path("external/", views.ExternalList.as_view(), name="external"),
    path("external/export/", views.ExternalExport.as_view(), name="external_export"),
    path("external/import/", views.import_file, name="import"),
    path("external/import/confirm/", views.import_confirm, name="import_confirm"),
    path("external/import/template/", views.import_template, name="import_template"),
    path("kind-hours/", views.KindHoursSettings.as_view(), name="kind_hours"),
    path("first-topics/", views.FirstTopicLibrary.as_view(), name="first_topics"),
]
