from django.urls import path

from zhibu.members import views

app_name = "members"
urlpatterns = [
    path("", views.MemberList.as_view(), name="list"),
    path("search/", views.member_search, name="search"),
    path("export/", views.MemberExport.as_view(), name="export"),
    path("new/", views.member_create, name="create"),
    path("import/", views.member_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("<id:pk>/", views.member_detail, name="detail"),
    path("<id:pk>/edit/", views.member_update, name="update"),
    path("<id:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<id:pk>/photo/", views.member_photo, name="photo"),
    path("<id:pk>/restrict/", views.MemberRestrict.as_view(), name="restrict"),
    path("<id:pk>/events/new/", views.MemberEventCreate.as_view(), name="event_create"),
    path("<id:pk>/transfer/", views.TransferStart.as_view(), name="transfer_start"),
    path("transfers/", views.TransferList.as_view(), name="transfer_list"),
    path("transfers/inbound/", views.transfer_inbound, name="transfer_inbound"),
    path("transfers/<id:pk>/complete/", views.TransferComplete.as_view(), name="transfer_complete"),
    path("transfers/<id:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
]
