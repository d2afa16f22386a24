from django.urls import path

from zhibu.committees import views

app_name = "committees"
urlpatterns = [
    path("terms/", views.term_status, name="term_status"),
    path("organizations/<id:org_pk>/terms/new/", views.term_create, name="term_create"),
    path("terms/<id:pk>/edit/", views.term_update, name="term_update"),
    path("terms/<id:pk>/delay/", views.term_delay, name="term_delay"),
    path("terms/<id:term_pk>/positions/new/", views.position_assign, name="position_assign"),
    path("positions/<id:pk>/end/", views.position_end, name="position_end"),
    path("position-kinds/", views.position_kinds, name="position_kinds"),
    path("position-kinds/<id:pk>/", views.position_kind_edit, name="position_kind_edit"),
]
