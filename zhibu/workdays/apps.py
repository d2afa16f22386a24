from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhibu.workdays"
    verbose_name = "节假日与调休"
