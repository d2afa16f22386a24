from django.urls import path

from zhibu.study import views

app_name = "study"
urlpatterns = [
    path("", views.ListPage.as_view(), name="lists"),
    path("export/", views.ListExport.as_view(), name="export"),
    path("new/", views.ListCreate.as_view(), name="create"),
    path("<id:pk>/", views.ListDetail.as_view(), name="detail"),
    path("<id:pk>/topics/new/", views.TopicCreate.as_view(), name="topic_create"),
    path("<id:pk>/coverage/export/", views.coverage_export, name="coverage_export"),
    path("meetings/<id:pk>/", views.MeetingTopics.as_view(), name="meeting"),
]
