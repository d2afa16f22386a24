from django.urls import path

from zhibu.mine import views

app_name = "mine"
urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("dues/", views.dues, name="dues"),
    path("notices/", views.notices, name="notices"),
    path("public/", views.public_notices, name="public_notices"),
    path("public/<id:pk>/", views.public_notice, name="notice"),
    path("profile/", views.profile, name="profile"),
    path("training/", views.training, name="training"),
]
