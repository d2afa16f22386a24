from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhibu.core"
    verbose_name = "基础"
