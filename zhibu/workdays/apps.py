from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhibu.workdays"
    verbose_name = "节假日与调休"

    def ready(self):
        from zhibu.core.navigation import NavItem, register_nav

        register_nav(NavItem("系统", "节假日维护", "workdays:year", order=93, shown_if="is_platform_admin"))
