from django.urls import path

from zhibu.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.PlanList.as_view(), name="plans"),
    path("new/", views.PlanCreate.as_view(), name="plan_create"),
    path("<id:pk>/", views.PlanDetail.as_view(), name="plan"),
    path("<id:pk>/close/", views.plan_close, name="plan_close"),
    path("<id:pk>/targets/<id:target_pk>/", views.target_detail, name="target"),
    path("items/", views.RectificationItemList.as_view(), name="items"),
    path("items/<id:pk>/", views.item_detail, name="item"),
]
