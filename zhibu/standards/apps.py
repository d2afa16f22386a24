from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "zhibu.standards"
    verbose_name = "标准体系"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("标准体系", "标准目录", "standards:catalogue", order=40))
