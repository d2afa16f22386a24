from django.urls import path

from zhibu.ledgers import views

app_name = "ledgers"
urlpatterns = [
    path("", views.ledger_list, name="list"),
    path("<slug:code>/", views.ledger, name="ledger"),
]
