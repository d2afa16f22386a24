from django.urls import path

from zhibu.standards import views

app_name = "standards"
urlpatterns = [path("catalogue/", views.catalogue_page, name="catalogue")]
