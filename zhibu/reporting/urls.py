from django.urls import path

from zhibu.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.AnswerList.as_view(), name="list"),
    path("export/", views.AnswerExport.as_view(), name="export"),
    path("<id:pk>/", views.AnswerDetail.as_view(), name="answer"),
    path("<id:pk>/submit/", views.AnswerSubmit.as_view(), name="submit"),
    path("<id:pk>/review/", views.AnswerReview.as_view(), name="review"),
    path("requests/", views.RequestList.as_view(), name="requests"),
    path("requests/export/", views.RequestExport.as_view(), name="requests_export"),
    path("requests/new/", views.RequestCreate.as_view(), name="create"),
    path("requests/<id:pk>/", views.RequestDetail.as_view(), name="detail"),
    path("requests/<id:pk>/remind/", views.RemindLaggards.as_view(), name="remind"),
    path("burden/", views.burden_page, name="burden"),
    path("burden/export/", views.burden_export, name="burden_export"),
]
