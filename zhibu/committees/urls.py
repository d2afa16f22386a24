from django.urls import path

from zhibu.committees import views

app_name = "committees"
urlpatterns = [
    path("terms/", views.term_status, name="term_status"),
    path("organizations/<id:org_pk>/terms/new/", views.TermCreate.as_view(), name="term_create"),
    path("terms/<id:pk>/edit/", views.TermUpdate.as_view(), name="term_update"),
    path("terms/<id:pk>/delay/", views.TermDelayApprove.as_view(), name="term_delay"),
    path("terms/<id:term_pk>/positions/new/", views.PositionAssign.as_view(), name="position_assign"),
    path("positions/<id:pk>/end/", views.PositionEnd.as_view(), name="position_end"),
    path("position-kinds/", views.position_kinds, name="position_kinds"),
    path("position-kinds/<id:pk>/", views.position_kind_edit, name="position_kind_edit"),
]
