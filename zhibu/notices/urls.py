from django.urls import path

from zhibu.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.NoticeList.as_view(), name="list"),
    path("export/", views.NoticeExport.as_view(), name="export"),
    path("new/", views.NoticeCreate.as_view(), name="create"),
    path("dues/new/", views.DuesNoticeCreate.as_view(), name="dues_create"),
    path("<id:pk>/", views.NoticeDetail.as_view(), name="detail"),
    path("<id:pk>/edit/", views.NoticeEdit.as_view(), name="edit"),
    path("<id:pk>/publish/", views.publish, name="publish"),
    path("<id:pk>/files/<id:item>/", views.attachment, name="attachment"),
    path("<id:pk>/withdraw/", views.NoticeWithdraw.as_view(), name="withdraw"),
]
