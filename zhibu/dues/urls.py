from django.urls import path

from zhibu.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.collection_sheet, name="sheet"),
    path("pay/", views.pay, name="pay"),
    path("month/", views.record_month, name="month"),
    path("import/", views.import_file, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/template/", views.import_template, name="import_template"),
    path("totals/", views.totals, name="totals"),
    path("members/<id:member_pk>/", views.Assess.as_view(), name="assess"),
    path("payments/<id:pk>/reverse/", views.reverse_payment, name="reverse"),
    path("payments/<id:pk>/remit/", views.remit, name="remit"),
    path("publish/", views.publish, name="publish"),
]
