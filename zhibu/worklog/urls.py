from django.urls import path

from zhibu.worklog import assessment_views, review_views, views

app_name = "worklog"
urlpatterns = [
    path("", views.TaskList.as_view(), name="task_list"),
    path("export/", views.TaskExport.as_view(), name="task_export"),
    path("tasks/<id:pk>/", views.TaskDetail.as_view(), name="task_detail"),
    path("tasks/<id:pk>/accept/", views.TaskAccept.as_view(), name="task_accept"),
    path("tasks/<id:pk>/subtasks/new/", views.SubtaskCreate.as_view(), name="subtask_create"),
    path("tasks/<id:pk>/progress/new/", views.ProgressCreate.as_view(), name="progress_create"),
    path("tasks/<id:pk>/closure/new/", views.ClosureCreate.as_view(), name="closure_create"),
    path("tasks/<id:pk>/review/", views.ClosureReview.as_view(), name="closure_review"),
    path("tasks/<id:pk>/reviews/new/", review_views.ReviewCreate.as_view(), name="review_create"),
    path("reviews/<id:pk>/edit/", review_views.ReviewEdit.as_view(), name="review_edit"),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/export/", views.PlanExport.as_view(), name="plan_export"),
    path("plans/new/", views.PlanCreate.as_view(), name="plan_create"),
    path("plans/<id:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<id:pk>/assessment/", assessment_views.AssessmentPage.as_view(), name="assessment"),
    path("plans/<id:pk>/assessment/export/", assessment_views.AssessmentExport.as_view(), name="assessment_export"),
    path("plans/<id:pk>/sections/new/", views.SectionCreate.as_view(), name="section_create"),
    path("plans/<id:pk>/points/new/", views.PointCreate.as_view(), name="point_create"),
    path("plans/<id:pk>/tasks/new/", views.TaskCreate.as_view(), name="task_create"),
    path("plans/<id:pk>/tasks/link/", views.TaskLink.as_view(), name="task_link"),
]
