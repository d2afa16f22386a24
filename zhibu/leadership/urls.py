from django.urls import path

from zhibu.leadership import views

app_name = "leadership"
urlpatterns = [
    path("contacts/", views.ContactList.as_view(), name="contacts"),
    path("contacts/export/", views.ContactExport.as_view(), name="contacts_export"),
    path("contacts/new/", views.ContactCreate.as_view(), name="contact_create"),
    path("contacts/<id:pk>/", views.ContactDetail.as_view(), name="contact_detail"),
    path("contacts/<id:pk>/edit/", views.ContactEdit.as_view(), name="contact_edit"),
    path("contacts/<id:pk>/visits/new/", views.VisitCreate.as_view(), name="visit_create"),
    path("visits/", views.VisitList.as_view(), name="visits"),
    path("visits/export/", views.VisitExport.as_view(), name="visits_export"),
    path("research/", views.ResearchList.as_view(), name="research"),
    path("research/export/", views.ResearchExport.as_view(), name="research_export"),
    path("research/new/", views.ResearchCreate.as_view(), name="research_create"),
    path("research/<id:pk>/", views.ResearchDetail.as_view(), name="research_detail"),
    path("research/<id:pk>/reports/new/", views.ResearchReportUpload.as_view(), name="research_report_upload"),
    path("research/<id:pk>/reports/<id:item>/", views.research_report, name="research_report"),
    path("projects/", views.ProjectList.as_view(), name="projects"),
    path("projects/export/", views.ProjectExport.as_view(), name="projects_export"),
    path("projects/new/", views.ProjectCreate.as_view(), name="project_create"),
    path("projects/<id:pk>/", views.ProjectDetail.as_view(), name="project_detail"),
    path("projects/<id:pk>/edit/", views.ProjectEdit.as_view(), name="project_edit"),
]
