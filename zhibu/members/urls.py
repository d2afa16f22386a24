from django.urls import path

from zhibu.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("search/", views.member_search, name="search"),
    path("export/", views.member_export, name="export"),
    path("new/", views.member_create, name="create"),
    path("import/", views.member_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<id:pk>/", views.member_detail, name="detail"),
    path("<id:pk>/edit/", views.member_update, name="update"),
    path("<id:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<id:pk>/photo/", views.member_photo, name="photo"),
    path("<id:pk>/restrict/", views.member_restrict, name="restrict"),
    path("<id:pk>/events/new/", views.member_event, name="event_create"),
    path("<id:pk>/transfer/", views.transfer_start, name="transfer_start"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/inbound/", views.transfer_inbound, name="transfer_inbound"),
    path("transfers/<id:pk>/complete/", views.transfer_complete, name="transfer_complete"),
    path("transfers/<id:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
]
