from django.urls import path

from zhibu.service import views

app_name = "service"
urlpatterns = [
    path("communities/", views.CommunityList.as_view(), name="communities"),
    path("communities/export/", views.CommunityExport.as_view(), name="communities_export"),
    path("communities/new/", views.CommunityCreate.as_view(), name="community_create"),
    path("communities/<id:pk>/", views.CommunityEdit.as_view(), name="community_edit"),
    path("pairings/", views.PairingList.as_view(), name="pairings"),
    path("pairings/export/", views.PairingExport.as_view(), name="pairings_export"),
    path("pairings/new/", views.PairingCreate.as_view(), name="pairing_create"),
    path("registrations/", views.RegistrationList.as_view(), name="registrations"),
    path("registrations/export/", views.RegistrationExport.as_view(), name="registrations_export"),
    path("registrations/new/", views.RegistrationCreate.as_view(), name="registration_create"),
    path("records/", views.RecordList.as_view(), name="records"),
    path("records/export/", views.RecordExport.as_view(), name="records_export"),
    path("records/new/", views.RecordCreate.as_view(), name="record_create"),
    path("wishes/", views.WishList.as_view(), name="wishes"),
    path("wishes/export/", views.WishExport.as_view(), name="wishes_export"),
    path("wishes/new/", views.WishCreate.as_view(), name="wish_create"),
    path("wishes/<id:pk>/", views.WishDetail.as_view(), name="wish_detail"),
    path("wishes/<id:pk>/claim/", views.wish_claim, name="wish_claim"),
    path("wishes/<id:pk>/branch-claim/", views.WishBranchClaim.as_view(), name="wish_branch_claim"),
    path("wishes/<id:pk>/fulfil/", views.WishFulfil.as_view(), name="wish_fulfil"),
    path("wishes/<id:pk>/confirm/", views.WishConfirm.as_view(), name="wish_confirm"),
    path("projects/", views.ProjectList.as_view(), name="projects"),
    path("projects/export/", views.ProjectExport.as_view(), name="projects_export"),
    path("projects/new/", views.ProjectCreate.as_view(), name="project_create"),
    path("projects/<id:pk>/", views.ProjectEdit.as_view(), name="project_edit"),
    path("mine/", views.mine, name="mine"),
]
