from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhibu.demo"
    verbose_name = "演示数据"
