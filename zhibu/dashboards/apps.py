from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "zhibu.dashboards"
    verbose_name = "工作台"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("工作台", "首页", "dashboards:home", order=0, staff_only=False))
        register_nav(NavItem("工作台", "个人中心", "accounts:profile", order=1, staff_only=False))
