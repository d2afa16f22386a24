from django.urls import path

from zhibu.quizzes import member_views, views

app_name = "quizzes"
urlpatterns = [
    path("", views.QuizList.as_view(), name="list"),
    path("new/", views.QuizCreate.as_view(), name="quiz_create"),
    path("<id:pk>/", views.QuizDetail.as_view(), name="quiz"),
    path("<id:pk>/start/", member_views.start, name="start"),
    path("results/", views.Results.as_view(), name="results"),
    path("results/export/", views.ResultsExport.as_view(), name="results_export"),
    path("contests/", views.ContestList.as_view(), name="contests"),
    path("contests/export/", views.ContestExport.as_view(), name="contest_export"),
    path("contests/new/", views.ContestCreate.as_view(), name="contest_create"),
    path("contests/<id:pk>/", views.ContestDetail.as_view(), name="contest"),
    path("contests/<id:pk>/results/export/", views.contest_results_export, name="contest_results_export"),
    path("contests/<id:pk>/rates/export/", views.contest_rates_export, name="contest_rates_export"),
    path("banks/", views.BankList.as_view(), name="banks"),
    path("banks/new/", views.BankCreate.as_view(), name="bank_create"),
    path("banks/template/", views.import_template, name="import_template"),
    path("banks/<id:pk>/", views.BankDetail.as_view(), name="bank"),
    path("banks/<id:pk>/import/", views.bank_import, name="bank_import"),
    path("attempts/<id:pk>/", member_views.take, name="take"),
    path("mine/", member_views.my_quizzes, name="mine"),
    path("surveys/", views.SurveyList.as_view(), name="surveys"),
    path("surveys/new/", views.SurveyCreate.as_view(), name="survey_create"),
    path("surveys/mine/", member_views.my_surveys, name="my_surveys"),
    path("surveys/<id:pk>/", views.SurveyDetail.as_view(), name="survey"),
    path("surveys/<id:pk>/answer/", member_views.answer, name="answer"),
    path("surveys/<id:pk>/export/", views.survey_export, name="survey_export"),
]
