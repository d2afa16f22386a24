from django.urls import path

from zhibu.mine import views

app_name = "mine"
urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("dues/", views.dues, name="dues"),
    path("notices/", views.notices, name="notices"),
    path("profile/", views.profile, name="profile"),
    path("training/", views.training, name="training"),
]
