from django.urls import path

from zhibu.integrity import views

app_name = "integrity"
urlpatterns = [
    path("risks/", views.RiskList.as_view(), name="risks"),
    path("risks/export/", views.RiskExport.as_view(), name="risks_export"),
    path("risks/new/", views.RiskCreate.as_view(), name="risk_create"),
    path("risks/<id:pk>/", views.RiskDetail.as_view(), name="risk"),
    path("reviews/", views.ReviewList.as_view(), name="reviews"),
    path("reviews/export/", views.ReviewExport.as_view(), name="reviews_export"),
    path("risks/<id:pk>/reviews/new/", views.RiskReviewCreate.as_view(), name="review_create"),
    path("discipline/", views.DisciplineList.as_view(), name="disciplines"),
    path("discipline/export/", views.DisciplineExport.as_view(), name="discipline_export"),
    path("discipline/new/", views.DisciplineCreate.as_view(), name="discipline_create"),
    path("discipline/<id:pk>/", views.DisciplineDetail.as_view(), name="discipline"),
    path("discipline/<id:pk>/edit/", views.DisciplineEdit.as_view(), name="discipline_edit"),
]
