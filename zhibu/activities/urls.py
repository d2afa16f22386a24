from django.urls import path

from zhibu.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_plan, name="plan"),
    path("<id:pk>/", views.activity_detail, name="detail"),
    path("<id:pk>/held/", views.activity_held, name="held"),
    path("<id:pk>/attendance/", views.activity_attendance, name="attendance"),
    path("<id:pk>/vote/", views.activity_vote, name="vote"),
    path("<id:pk>/resolution/", views.activity_resolution, name="resolution"),
    path("<id:pk>/minutes/", views.activity_minutes, name="minutes"),
    path("<id:pk>/sign/", views.activity_sign, name="sign"),
    path("<id:pk>/amend/", views.activity_amend, name="amend"),
    path("<id:pk>/makeup/", views.activity_makeup, name="makeup"),
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions/<id:pk>/complete/", views.resolution_complete, name="resolution_complete"),
]
