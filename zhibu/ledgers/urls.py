from django.urls import path

from zhibu.ledgers import views

app_name = "ledgers"
urlpatterns = [
    path("", views.ledger_list, name="list"),
    path("meeting/<id:pk>/notice/", views.meeting_notice, name="meeting_notice"),
    path("meeting/<id:pk>/signin/", views.meeting_sign_in_sheet, name="meeting_sign_in_sheet"),
    path("meeting/<id:pk>/record/", views.meeting_record, name="meeting_record"),
    path("<slug:code>/", views.ledger, name="ledger"),
]
