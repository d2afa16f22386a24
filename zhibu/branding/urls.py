from django.urls import path

from zhibu.branding import project_views, views

app_name = "branding"
urlpatterns = [
    path("four-strong/", views.ApplicationList.as_view(), name="list"),
    path("four-strong/export/", views.ApplicationExport.as_view(), name="export"),
    path("four-strong/publicity/", views.ApplicationPublicity.as_view(), name="publicity"),
    path("four-strong/new/", views.ApplicationCreate.as_view(), name="apply"),
    path("four-strong/<id:pk>/", views.ApplicationDetail.as_view(), name="application"),
    path("four-strong/<id:pk>/review/", views.ApplicationReview.as_view(), name="review"),
    path("four-strong/<id:pk>/publicise/", views.ApplicationPublicise.as_view(), name="publicise"),
    path("four-strong/<id:pk>/name/", views.ApplicationName.as_view(), name="name"),
    path("four-strong/<id:pk>/objections/new/", views.ObjectionCreate.as_view(), name="objection_create"),
    path("four-strong/<id:pk>/cases/new/", views.CaseCreate.as_view(), name="case_create"),
    path("four-strong/objections/", views.ObjectionList.as_view(), name="objections"),
    path("four-strong/objections/export/", views.ObjectionExport.as_view(), name="objections_export"),
    path("four-strong/objections/<id:pk>/answer/", views.ObjectionAnswer.as_view(), name="objection_answer"),
    path("brands/", views.BrandList.as_view(), name="brands"),
    path("brands/export/", views.BrandExport.as_view(), name="brands_export"),
    path("brands/new/", views.BrandCreate.as_view(), name="brand_create"),
    path("brands/<id:pk>/", views.BrandDetail.as_view(), name="brand"),
    path("brands/<id:pk>/evaluate/", views.BrandEvaluate.as_view(), name="brand_evaluate"),
    path("brands/<id:pk>/projects/new/", project_views.ProjectCreate.as_view(), name="project_create"),
    path("brands/<id:pk>/reviews/new/", project_views.ReviewCreate.as_view(), name="review_create"),
    path("brand-projects/", project_views.ProjectList.as_view(), name="projects"),
    path("brand-projects/export/", project_views.ProjectExport.as_view(), name="projects_export"),
    path("brand-projects/<id:pk>/progress/", project_views.ProjectProgress.as_view(), name="project_progress"),
    path("brand-reviews/", project_views.ReviewList.as_view(), name="reviews"),
    path("brand-reviews/export/", project_views.ReviewExport.as_view(), name="reviews_export"),
    path("cases/", views.CaseList.as_view(), name="cases"),
    path("cases/export/", views.CaseExport.as_view(), name="cases_export"),
    path("cases/<id:pk>/", views.CaseDetail.as_view(), name="case"),
]
