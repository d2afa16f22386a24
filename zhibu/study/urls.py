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
    path("theory/", views.TheoryGroupList.as_view(), name="theory_groups"),
    path("theory/export/", views.TheoryGroupExport.as_view(), name="theory_group_export"),
    path("theory/new/", views.TheoryGroupCreate.as_view(), name="theory_group_create"),
    path("theory/<id:pk>/", views.TheoryGroupDetail.as_view(), name="theory_group"),
    path("theory/<id:pk>/members/", views.TheorySeats.as_view(), name="theory_seats"),
    path("theory/<id:pk>/sessions/new/", views.TheorySessionCreate.as_view(), name="theory_session_create"),
    path("theory/sessions/", views.TheorySessionList.as_view(), name="theory_sessions"),
    path("theory/sessions/export/", views.TheorySessionExport.as_view(), name="theory_session_export"),
    path("theory/sessions/<id:pk>/", views.TheorySessionDetail.as_view(), name="theory_session"),
    path("theory/sessions/<id:pk>/amend/", views.TheorySessionAmend.as_view(), name="theory_session_amend"),
]
