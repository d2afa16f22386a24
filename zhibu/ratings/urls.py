from django.urls import path

from zhibu.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.SheetList.as_view(), name="sheets"),
    path("<id:pk>/", views.SheetDetail.as_view(), name="sheet"),
    path("<id:pk>/items/", views.SheetItems.as_view(), name="items"),
    path("<id:pk>/items/<id:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<id:pk>/branches/<id:org_pk>/", views.branch_detail, name="branch"),
    path("<id:pk>/lock/", views.sheet_lock, name="lock"),
]
